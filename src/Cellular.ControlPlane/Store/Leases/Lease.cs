namespace Cellular.ControlPlane.Store.Leases;

/// <summary>
/// A lease this replica holds: <paramref name="Name"/> (<c>migration:{id}</c>, <c>singleton:…</c>),
/// its <paramref name="Owner"/> (the replica id) and the fencing <paramref name="Token"/> it was
/// claimed with, higher than every earlier claim of the same name.
/// </summary>
internal sealed record Lease(string Name, string Owner, long Token);
