using Cellular.Cell.Ownership;
using Cellular.Core.Api;

namespace Cellular.Simulation;

/// <summary>
/// A cell: the authority on whether it serves a tenant. Client writes are checked against the
/// ownership record in their own transaction (the real <c>TenantOwnershipRules.Refusal</c>: fenced,
/// moved or a stale epoch → 421 before any work) and take the tenant's next change-sequence number;
/// the cell contract (fence, unfence, activate, moved, export, import, changes, apply, hash, purge)
/// follows Cellular.Cell's <c>CellTenantOperations</c>. Its state is durable: a crash loses only
/// requests in flight. A request is handled atomically when it arrives, so a fence's drain of
/// in-flight writes takes no time here (the in-transaction check is what makes that safe).
/// </summary>
internal sealed class CellNode(string name, int index, CellRules rules, ProtocolVariant protocol, WriteLedger ledger, SimScheduler scheduler)
{
    private readonly Dictionary<string, CellTenant> _tenants = new(StringComparer.Ordinal);
    private long _nextRow;

    public SimNode Node { get; } = new(name, NodeKind.Cell);

    public string Name => Node.Name;

    public CellTenant Tenant(string tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var state))
        {
            state = new CellTenant();
            _tenants[tenant] = state;
        }

        return state;
    }

    /// <summary>Seeds a tenant placed here before the run (served at epoch 0 with no record, like every directly placed tenant).</summary>
    public void Place(string tenant) => Tenant(tenant);

    public WriteAnswer Write(string tenant, long epoch, long writeId)
    {
        var state = Tenant(tenant);
        if (CellRules.Refusal(tenant, state.Ownership, epoch) is { } reason)
        {
            return new WriteAnswer(false, reason);
        }

        state.Seq++;
        var key = ((long)(index + 1) << 40) | ++_nextRow;
        state.Rows[key] = new Row(key, writeId, state.Seq);
        ledger.Accepted(tenant, state.Ownership.Epoch, Name, writeId, scheduler.Now);
        return new WriteAnswer(true, null);
    }

    public FenceResult Fence(string tenant, long epoch, MoveDriver driver)
    {
        var state = Tenant(tenant);
        CheckDriver(tenant, state, driver, exactEpoch: false);
        state.Ownership = Guard(() => rules.Fence(tenant, state.Ownership, epoch));
        Record(state, driver);
        return new FenceResult(state.Ownership.Epoch, state.Seq);
    }

    public CellView Unfence(string tenant, MoveDriver driver)
    {
        var state = Tenant(tenant);
        CheckDriver(tenant, state, driver, exactEpoch: true);
        state.Ownership = Guard(() => CellRules.Unfence(tenant, state.Ownership, driver.Epoch));
        Record(state, driver);
        return View(tenant);
    }

    public CellView Activate(string tenant, long epoch, MoveDriver driver)
    {
        var state = Tenant(tenant);
        CheckDriver(tenant, state, driver, exactEpoch: false);
        state.Ownership = Guard(() => CellRules.Activate(tenant, state.Ownership, epoch));
        Record(state, driver);
        return View(tenant);
    }

    public CellView Moved(string tenant, string cell, long epoch, MoveDriver driver)
    {
        var state = Tenant(tenant);
        CheckDriver(tenant, state, driver, exactEpoch: false);
        state.Ownership = Guard(() => CellRules.Moved(tenant, state.Ownership, cell, epoch));
        Record(state, driver);
        return View(tenant);
    }

    public CellView View(string tenant)
    {
        var state = Tenant(tenant);
        return new CellView(state.Ownership.State, state.Ownership.Epoch, state.Ownership.MovedTo, state.Rows.Count, state.Seq);
    }

    public Snapshot Export(string tenant)
    {
        var state = Tenant(tenant);
        return new Snapshot([.. state.Rows.Values], state.Seq);
    }

    /// <summary>Replaces all of the tenant's data (only a tenant fenced here); the sequence continues from at least the snapshot's watermark.</summary>
    public CellView Import(string tenant, Snapshot snapshot, MoveDriver driver)
    {
        var state = Tenant(tenant);
        CheckDriver(tenant, state, driver, exactEpoch: true);
        Guard(() => CellRules.EnsureFenced(tenant, state.Ownership, "import"));
        if (protocol == ProtocolVariant.FencedCells && snapshot.Watermark < state.Seq)
        {
            // A late (delayed or repeated) import would take the copy back in time, past changes already applied.
            throw new RemoteRefusalException($"Tenant '{tenant}' is at sequence {state.Seq} in cell {Name}; a snapshot at {snapshot.Watermark} is older.");
        }

        state.Rows.Clear();
        foreach (var row in snapshot.Rows)
        {
            state.Rows[row.Key] = row;
        }

        state.Seq = Math.Max(state.Seq, snapshot.Watermark);
        Record(state, driver);
        return View(tenant);
    }

    public ChangePage Changes(string tenant, long after, int limit)
    {
        var state = Tenant(tenant);
        var changes = state.Rows.Values.Where(r => r.Seq > after).OrderBy(r => r.Seq).Take(limit).ToList();
        var full = changes.Count >= limit;
        var next = full ? changes[^1].Seq : Math.Max(after, state.Seq);
        return new ChangePage(changes, next, full, state.Seq);
    }

    /// <summary>Applies another cell's changes (only to a tenant fenced here): a change replaces a row only when newer, so a page applied twice is harmless.</summary>
    public CellView Apply(string tenant, ChangePage page, MoveDriver driver)
    {
        var state = Tenant(tenant);
        CheckDriver(tenant, state, driver, exactEpoch: true);
        Guard(() => CellRules.EnsureFenced(tenant, state.Ownership, "apply changes to"));
        foreach (var change in page.Changes)
        {
            if (!state.Rows.TryGetValue(change.Key, out var existing) || existing.Seq < change.Seq)
            {
                state.Rows[change.Key] = change;
            }
        }

        state.Seq = Math.Max(state.Seq, page.Next);
        Record(state, driver);
        return View(tenant);
    }

    public DataHash Hash(string tenant)
    {
        var state = Tenant(tenant);
        long digest = 0;
        foreach (var row in state.Rows.Values)
        {
            digest += Mix(row.Key, row.WriteId);
        }

        return new DataHash(digest, state.Rows.Count);
    }

    /// <summary>Deletes the tenant's data here (the ownership record stays): only when it moved away, unless forced.</summary>
    public bool Purge(string tenant, bool force, MoveDriver driver)
    {
        var state = Tenant(tenant);
        CheckDriver(tenant, state, driver, exactEpoch: force);
        if (state.Ownership.State != TenantOwnershipState.Moved && !force)
        {
            throw new RemoteRefusalException($"Tenant '{tenant}' is {state.Ownership.State} in cell {Name}, so its data here may be the only copy.");
        }

        if (force && !rules.MayForcePurge(state.Ownership, driver.Epoch))
        {
            throw new RemoteRefusalException($"Tenant '{tenant}' is {state.Ownership.State} at epoch {state.Ownership.Epoch} in cell {Name}, not fenced at epoch {driver.Epoch}: kept.");
        }

        state.Rows.Clear();
        state.Seq = 0;
        Record(state, driver);
        return true;
    }

    /// <summary>
    /// The fenced-cells protocol: a call from a driver older than one this cell has seen at the
    /// tenant's epoch is refused, and calls that only make sense on this move's fenced copy must
    /// carry the epoch the tenant is at here. As built, nothing is checked.
    /// </summary>
    private void CheckDriver(string tenant, CellTenant state, MoveDriver driver, bool exactEpoch)
    {
        if (protocol != ProtocolVariant.FencedCells)
        {
            return;
        }

        if (driver.Epoch == state.DriverEpoch && driver.Token < state.DriverToken)
        {
            throw new RemoteRefusalException($"Tenant '{tenant}' at epoch {driver.Epoch} is driven by token {state.DriverToken} now; token {driver.Token} is stale.");
        }

        if (exactEpoch && driver.Epoch != state.Ownership.Epoch)
        {
            throw new RemoteRefusalException($"Tenant '{tenant}' is at epoch {state.Ownership.Epoch} in cell {Name}; the call is for epoch {driver.Epoch}.");
        }
    }

    private void Record(CellTenant state, MoveDriver driver)
    {
        if (protocol != ProtocolVariant.FencedCells || state.Ownership.Epoch != driver.Epoch)
        {
            return;
        }

        state.DriverToken = state.DriverEpoch == driver.Epoch ? Math.Max(state.DriverToken, driver.Token) : driver.Token;
        state.DriverEpoch = driver.Epoch;
    }

    private static long Mix(long key, long value)
    {
        unchecked
        {
            var x = (ulong)key * 0x9E3779B97F4A7C15UL ^ (ulong)value * 0xC2B2AE3D27D4EB4FUL;
            x ^= x >> 31;
            x *= 0xBF58476D1CE4E5B9UL;
            return (long)(x ^ (x >> 29));
        }
    }

    private static T Guard<T>(Func<T> change)
    {
        try
        {
            return change();
        }
        catch (TenantOwnershipConflictException e)
        {
            throw new RemoteRefusalException(e.Message);
        }
    }

    private static void Guard(Action check)
    {
        try
        {
            check();
        }
        catch (TenantOwnershipConflictException e)
        {
            throw new RemoteRefusalException(e.Message);
        }
    }
}
