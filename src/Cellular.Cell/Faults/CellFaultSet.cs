using System.Collections.Immutable;

namespace Cellular.Cell.Faults;

/// <summary>
/// The cell's faults at one moment. Never changed after it is published: the registry swaps in a
/// new set, so the request path reads one reference and needs no lock.
/// </summary>
internal sealed class CellFaultSet(ImmutableArray<ActiveCellFault> faults)
{
    public static CellFaultSet Empty { get; } = new([]);

    public ImmutableArray<ActiveCellFault> Faults { get; } = faults;

    public bool IsEmpty => Faults.IsEmpty;
}
