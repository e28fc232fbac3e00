using Dapper;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Store.Leases;

/// <summary>
/// The <c>leases</c> table's statements, run inside a caller's write transaction (which every
/// replica's writes are serialised with). Time is the database's on PostgreSQL
/// (<c>clock_timestamp()</c>: the real time of the statement, not of the transaction's start, which
/// may have waited for the write lock) and the transaction's <see cref="StoreTransaction.Now"/> on
/// SQLite, where one replica is the only clock.
/// </summary>
/// <remarks>
/// Depends on the store options, not on <see cref="IStoreDatabase"/>: <see cref="LeaseFence"/> uses it
/// and is itself one of the database's write guards.
/// </remarks>
internal sealed class LeaseStore(IOptions<StoreOptions> options)
{
    private static readonly string Never = StoreTime.Format(DateTimeOffset.MinValue);

    private readonly bool _postgres = options.Value.Provider == StoreProviders.Postgres;

    /// <summary>
    /// Takes <paramref name="name"/> for <paramref name="owner"/> when it is free (never claimed,
    /// released, or expired) with a token one higher than its last, and clears any interrupt request
    /// (the run it asked to stop has stopped); null when another owner holds it unexpired, when an
    /// unexpired interrupt request reserved the next claim for another owner (see
    /// <see cref="RequestInterruptAsync"/>), or when another transaction has its row locked (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>,
    /// a claim never waits behind a write of the current holder — that holder is alive).
    /// </summary>
    public async Task<Lease?> TryClaimAsync(StoreTransaction tx, string name, string owner, TimeSpan ttl)
    {
        var c = tx.Connection;
        await c.ExecuteAsync(
            _postgres
                ? "INSERT INTO leases (name, owner, token, expires_at, heartbeat_at) VALUES (@name, NULL, 0, '-infinity', clock_timestamp()) ON CONFLICT (name) DO NOTHING;"
                : "INSERT INTO leases (name, owner, token, expires_at, heartbeat_at) VALUES (@name, NULL, 0, @never, @now) ON CONFLICT (name) DO NOTHING;",
            new { name, never = Never, now = tx.NowText },
            tx.Transaction);
        var free = _postgres
            ? await c.QueryFirstOrDefaultAsync<long?>(
                "SELECT token FROM leases WHERE name = @name AND (owner IS NULL OR expires_at <= clock_timestamp())"
                + " AND (reserved_for IS NULL OR reserved_for = @owner OR interrupt_until IS NULL OR interrupt_until <= clock_timestamp()) FOR UPDATE SKIP LOCKED;",
                new { name, owner },
                tx.Transaction)
            : await c.QueryFirstOrDefaultAsync<long?>(
                "SELECT token FROM leases WHERE name = @name AND (owner IS NULL OR expires_at <= @now)"
                + " AND (reserved_for IS NULL OR reserved_for = @owner OR interrupt_until IS NULL OR interrupt_until <= @now);",
                new { name, owner, now = tx.NowText },
                tx.Transaction);
        if (free is not { } last)
        {
            return null;
        }

        var token = last + 1;
        await c.ExecuteAsync(
            _postgres
                ? "UPDATE leases SET owner = @owner, token = @token, expires_at = clock_timestamp() + @ttlMs * interval '1 millisecond', heartbeat_at = clock_timestamp(), interrupt_until = NULL, reserved_for = NULL WHERE name = @name;"
                : "UPDATE leases SET owner = @owner, token = @token, expires_at = @expires, heartbeat_at = @now, interrupt_until = NULL, reserved_for = NULL WHERE name = @name;",
            new { name, owner, token, ttlMs = ttl.TotalMilliseconds, expires = StoreTime.Format(tx.Now + ttl), now = tx.NowText },
            tx.Transaction);
        return new Lease(name, owner, token);
    }

    /// <summary>Extends <paramref name="lease"/> by <paramref name="ttl"/> from now; false when it is no longer held with this token, unexpired (then it is lost: expiry is final).</summary>
    public async Task<bool> RenewAsync(StoreTransaction tx, Lease lease, TimeSpan ttl) =>
        await tx.Connection.ExecuteAsync(
            _postgres
                ? "UPDATE leases SET expires_at = clock_timestamp() + @ttlMs * interval '1 millisecond', heartbeat_at = clock_timestamp() WHERE name = @name AND owner = @owner AND token = @token AND expires_at > clock_timestamp();"
                : "UPDATE leases SET expires_at = @expires, heartbeat_at = @now WHERE name = @name AND owner = @owner AND token = @token AND expires_at > @now;",
            new { name = lease.Name, owner = lease.Owner, token = lease.Token, ttlMs = ttl.TotalMilliseconds, expires = StoreTime.Format(tx.Now + ttl), now = tx.NowText },
            tx.Transaction) == 1;

    /// <summary>
    /// Asks the replica that holds <paramref name="name"/> to stop the run it drives under it (its
    /// heartbeat sees the request, see <see cref="IsInterruptRequestedAsync"/>), for
    /// <paramref name="duration"/>; with <paramref name="reservedFor"/>, only that owner may claim
    /// the lease next while the request lasts (a hold: the holder's replica must not take it back
    /// at once). False when nobody holds it unexpired: there is no run to stop.
    /// </summary>
    public async Task<bool> RequestInterruptAsync(StoreTransaction tx, string name, string? reservedFor, TimeSpan duration) =>
        await tx.Connection.ExecuteAsync(
            _postgres
                ? "UPDATE leases SET interrupt_until = clock_timestamp() + @ms * interval '1 millisecond', reserved_for = @reservedFor WHERE name = @name AND owner IS NOT NULL AND expires_at > clock_timestamp();"
                : "UPDATE leases SET interrupt_until = @until, reserved_for = @reservedFor WHERE name = @name AND owner IS NOT NULL AND expires_at > @now;",
            new { name, reservedFor, ms = duration.TotalMilliseconds, until = StoreTime.Format(tx.Now + duration), now = tx.NowText },
            tx.Transaction) == 1;

    /// <summary>True when an unexpired interrupt request is left on <paramref name="lease"/> (held with its token): its run should stop.</summary>
    public async Task<bool> IsInterruptRequestedAsync(StoreTransaction tx, Lease lease) =>
        await tx.Connection.QueryFirstOrDefaultAsync<long?>(
            _postgres
                ? "SELECT token FROM leases WHERE name = @name AND owner = @owner AND token = @token AND interrupt_until > clock_timestamp();"
                : "SELECT token FROM leases WHERE name = @name AND owner = @owner AND token = @token AND interrupt_until > @now;",
            new { name = lease.Name, owner = lease.Owner, token = lease.Token, now = tx.NowText },
            tx.Transaction) is not null;

    /// <summary>Frees <paramref name="lease"/> at once (the token stays, so the next claim gets a higher one); a no-op when it was already lost.</summary>
    public Task ReleaseAsync(StoreTransaction tx, Lease lease) =>
        tx.Connection.ExecuteAsync(
            _postgres
                ? "UPDATE leases SET owner = NULL, expires_at = clock_timestamp() WHERE name = @name AND owner = @owner AND token = @token;"
                : "UPDATE leases SET owner = NULL, expires_at = @now WHERE name = @name AND owner = @owner AND token = @token;",
            new { name = lease.Name, owner = lease.Owner, token = lease.Token, now = tx.NowText },
            tx.Transaction);

    /// <summary>
    /// True when <paramref name="lease"/> is still its owner's with its token and unexpired. In a
    /// write transaction on PostgreSQL (<paramref name="lockRow"/>) the row is locked <c>FOR SHARE</c>
    /// until the transaction ends, so no claim can commit between this check and the caller's commit
    /// (besides the store-wide write lock that already orders them).
    /// </summary>
    public async Task<bool> IsHeldAsync(StoreTransaction tx, Lease lease, bool lockRow = true) =>
        await tx.Connection.QueryFirstOrDefaultAsync<long?>(
            _postgres
                ? "SELECT token FROM leases WHERE name = @name AND owner = @owner AND token = @token AND expires_at > clock_timestamp()" + (lockRow ? " FOR SHARE;" : ";")
                : "SELECT token FROM leases WHERE name = @name AND owner = @owner AND token = @token AND expires_at > @now;",
            new { name = lease.Name, owner = lease.Owner, token = lease.Token, now = tx.NowText },
            tx.Transaction) is not null;

    /// <summary>
    /// The leases whose name starts with <paramref name="prefix"/> that some owner holds unexpired
    /// now, by name, with their owner; and those an unexpired interrupt request reserved for an
    /// owner, with that owner (no other may claim them).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> ListHeldAsync(StoreTransaction tx, string prefix)
    {
        var rows = await tx.Connection.QueryAsync<(string Name, string Owner)>(
            _postgres
                ? "SELECT name, COALESCE(owner, reserved_for) FROM leases WHERE name >= @prefix AND name < @end"
                  + " AND ((owner IS NOT NULL AND expires_at > clock_timestamp()) OR (reserved_for IS NOT NULL AND interrupt_until > clock_timestamp()));"
                : "SELECT name, COALESCE(owner, reserved_for) FROM leases WHERE name >= @prefix AND name < @end"
                  + " AND ((owner IS NOT NULL AND expires_at > @now) OR (reserved_for IS NOT NULL AND interrupt_until > @now));",
            new { prefix, end = prefix + '\uffff', now = tx.NowText },
            tx.Transaction);
        return rows.ToDictionary(r => r.Name, r => r.Owner, StringComparer.Ordinal);
    }

    /// <summary>
    /// Frees every held lease (tokens stay); returns how many. Only for a store one replica owns
    /// (SQLite): whatever holds a lease there is a previous run of this very control plane, which is dead.
    /// </summary>
    public Task<int> ReleaseAllAsync(StoreTransaction tx) =>
        tx.Connection.ExecuteAsync("UPDATE leases SET owner = NULL, expires_at = @now WHERE owner IS NOT NULL;", new { now = tx.NowText }, tx.Transaction);

    /// <summary>Creates the table when the provider's schema does not have it yet (idempotent).</summary>
    public Task EnsureTableAsync(StoreTransaction tx) =>
        tx.Connection.ExecuteAsync(LeaseSchema.For(options.Value.Provider), transaction: tx.Transaction);
}
