namespace Cellular.Simulation;

/// <summary>GET changes: changes after a position, ascending; where the next page starts; whether the page was full; the high-water mark.</summary>
internal sealed record ChangePage(IReadOnlyList<Row> Changes, long Next, bool HasMore, long HighWater)
{
    public override string ToString() => $"{Changes.Count} changes, next {Next}, high water {HighWater}{(HasMore ? ", more" : string.Empty)}";
}
