using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Store;
using Dapper;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// Other work, as far as the guards go: a cell is busy once a <see cref="BusyAction"/> audit entry
/// names it. The first time it finds <paramref name="cell"/> free it says so to the test and
/// gives it up to half a second to mark the cell busy before answering "free".
/// </summary>
internal sealed class RacingGuard(string cell) : ICellActivityGuard
{
    public const string BusyAction = "test.cell-busy";

    private int _raced;

    private volatile bool _armed = true;
    private volatile string? _alsoBusy;

    /// <summary>Whether the next check that finds the cell free races (once).</summary>
    public bool Armed
    {
        get => _armed;
        set => _armed = value;
    }

    /// <summary>A cell reported busy regardless of the audit.</summary>
    public string? AlsoBusy
    {
        get => _alsoBusy;
        set => _alsoBusy = value;
    }

    public TaskCompletionSource Checked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Marked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Kind => "test";

    public async Task<string?> FindConflictAsync(StoreTransaction tx, string candidate)
    {
        var busy = await tx.Connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM audit WHERE action = @action AND target = @target;",
            new { action = BusyAction, target = AuditDetail.CellTarget(candidate) },
            tx.Transaction);
        if (busy > 0 || candidate == AlsoBusy)
        {
            return $"Cell '{candidate}' is busy (test).";
        }

        if (candidate == cell && Armed && Interlocked.Exchange(ref _raced, 1) == 0)
        {
            Checked.TrySetResult();
            await Task.WhenAny(Marked.Task, Task.Delay(TimeSpan.FromMilliseconds(500)));
        }

        return null;
    }
}
