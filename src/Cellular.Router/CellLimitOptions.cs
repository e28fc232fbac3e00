namespace Cellular.Router;

/// <summary>
/// Limits of one cell that differ from the router-wide ones, bound from
/// <c>Cellular:Router:Cells:{cellId}</c>. Unset values fall back to the global setting.
/// </summary>
public sealed class CellLimitOptions
{
    /// <summary>Longest silence from this cell before its request fails with 503; overrides <see cref="RouterOptions.UpstreamTimeout"/>.</summary>
    /// <value>Defaults to the global value.</value>
    public TimeSpan? UpstreamTimeout { get; set; }

    /// <summary>In-flight cap for this cell; overrides <see cref="RouterOptions.CellConcurrencyLimit"/>.</summary>
    /// <value>Defaults to the global value.</value>
    public int? ConcurrencyLimit { get; set; }
}
