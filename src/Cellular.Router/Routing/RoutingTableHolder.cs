using Cellular.Core.Routing;
using Cellular.Router.Containment;
using Microsoft.Extensions.Primitives;

namespace Cellular.Router.Routing;

/// <summary>
/// Holds the <see cref="RouterState"/> the request path reads: one volatile read of an immutable
/// object, no locks. Writers (start-up load, table sync) build the next state off the request
/// path, swap it in and announce it through <see cref="GetChangeToken"/>, the way YARP's
/// <c>InMemoryConfigProvider</c> does. Versions never go backwards.
/// </summary>
internal sealed class RoutingTableHolder
{
    private readonly Lock _writeLock = new();
    private readonly CellInvokers _invokers;
    private readonly CellGuards _guards;
    private RouterState _state = RouterState.Empty;
    private CancellationTokenSource _changed = new();

    /// <summary>Creates a holder with the empty table.</summary>
    public RoutingTableHolder(CellInvokers invokers, CellGuards guards)
    {
        _invokers = invokers;
        _guards = guards;
    }

    /// <summary>The state in use; read it once per request and keep the reference.</summary>
    public RouterState State => Volatile.Read(ref _state);

    /// <summary>A token that fires when a new table version is applied.</summary>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Changed);

    /// <summary>
    /// The raw token behind <see cref="GetChangeToken"/>, for waiters on the request path that link
    /// it with their own deadline. Read it before <see cref="State"/>: a version applied after the
    /// read then always fires it, so no change is missed.
    /// </summary>
    public CancellationToken Changed => Volatile.Read(ref _changed).Token;

    /// <summary>
    /// Makes <paramref name="table"/> the table in use, unless it is older than the current one.
    /// With <paramref name="newStore"/> (the table comes from another store than the one in use,
    /// see <see cref="RoutingTable.StoreId"/>) it is put in use whatever its version: versions of
    /// different stores do not compare.
    /// </summary>
    public ApplyResult Apply(RoutingTable table, TableSource source, bool newStore = false)
    {
        ArgumentNullException.ThrowIfNull(table);
        CancellationTokenSource previous;
        lock (_writeLock)
        {
            var current = _state;
            if (!newStore && table.Version < current.Table.Version)
            {
                return ApplyResult.Older;
            }

            if (!newStore && table.Version == current.Table.Version && current.Table.Version > 0)
            {
                if (current.Source != source)
                {
                    Volatile.Write(ref _state, new RouterState(current.Table, current.Targets, source));
                }

                return ApplyResult.Unchanged;
            }

            Volatile.Write(ref _state, new RouterState(table, BuildTargets(table), source));
            previous = _changed;

            // Published after the state, so whoever sees the new token also sees the new state.
            Volatile.Write(ref _changed, new CancellationTokenSource());
        }

        // Not disposed: a token handed out earlier must stay usable after it fired.
        previous.Cancel();
        return ApplyResult.Applied;
    }

    private CellTarget[] BuildTargets(RoutingTable table)
    {
        var targets = new CellTarget[table.Cells.Count];
        var withEndpoint = new HashSet<string>(StringComparer.Ordinal);
        var all = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < targets.Length; i++)
        {
            var cell = table.Cells[i];
            CellConnection? connection = null;
            if (cell.Endpoint is not null)
            {
                connection = _invokers.Get(cell.Id, cell.Endpoint);
                withEndpoint.Add(cell.Id);
            }

            all.Add(cell.Id);
            targets[i] = new CellTarget(cell, connection, _guards.Get(cell.Id, cell.Endpoint));
        }

        _invokers.RetainOnly(withEndpoint);
        _guards.RetainOnly(all);
        return targets;
    }
}
