namespace Cellular.Router.Containment;

/// <summary>The effective limits of one cell: its override where one is configured, else the global value.</summary>
/// <param name="UpstreamTimeout">Longest silence from the cell before 503.</param>
/// <param name="ConcurrencyLimit">In-flight cap.</param>
/// <param name="Overridden">True when <c>Cellular:Router:Cells:{cell}</c> sets something.</param>
internal sealed record CellLimits(TimeSpan UpstreamTimeout, int ConcurrencyLimit, bool Overridden)
{
    /// <summary>The effective limits of <paramref name="cellId"/> under <paramref name="options"/>.</summary>
    public static CellLimits For(RouterOptions options, string cellId)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Cells.TryGetValue(cellId, out var own) && own is not null)
        {
            return new CellLimits(own.UpstreamTimeout ?? options.UpstreamTimeout, own.ConcurrencyLimit ?? options.CellConcurrencyLimit, true);
        }

        return new CellLimits(options.UpstreamTimeout, options.CellConcurrencyLimit, false);
    }
}
