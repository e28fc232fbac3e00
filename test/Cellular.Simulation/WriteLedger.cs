namespace Cellular.Simulation;

/// <summary>
/// The write checker's notebook: every client write issued, every acceptance by a cell (with the
/// epoch the cell served the tenant at) and every acknowledgement the client received. Invariant
/// (b) is checked as acceptances happen.
/// </summary>
internal sealed class WriteLedger
{
    private readonly Dictionary<(string Tenant, long Epoch), string> _writerOfEpoch = [];
    private readonly Dictionary<long, string> _acknowledged = [];
    private long _nextWrite;

    public List<Violation> Violations { get; } = [];

    public long Issued => _nextWrite;

    public long AcceptedCount { get; private set; }

    public IReadOnlyDictionary<long, string> Acknowledged => _acknowledged;

    public long NextWriteId() => ++_nextWrite;

    public void Accepted(string tenant, long epoch, string cell, long writeId, long now)
    {
        AcceptedCount++;
        if (!_writerOfEpoch.TryGetValue((tenant, epoch), out var writer))
        {
            _writerOfEpoch[(tenant, epoch)] = cell;
        }
        else if (writer != cell && Violations.Count < 5)
        {
            Violations.Add(new Violation(
                Invariant.OneWriterPerEpoch,
                $"cell {cell} accepted write {writeId} of tenant {tenant} at epoch {epoch}, which cell {writer} had accepted writes for.",
                now));
        }
    }

    public void Acknowledge(string tenant, long writeId) => _acknowledged[writeId] = tenant;
}
