namespace Cellular.Cell.Hosting;

/// <summary>Facts about this cell process that do not change while it runs.</summary>
internal sealed class CellRuntime(TimeProvider timeProvider)
{
    /// <summary>When the cell started; captured when the host starts its services.</summary>
    public DateTimeOffset StartedAt { get; } = timeProvider.GetUtcNow();

    public int ProcessId { get; } = Environment.ProcessId;
}
