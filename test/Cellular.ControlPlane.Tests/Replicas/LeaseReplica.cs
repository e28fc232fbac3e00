using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Hosting;
using Cellular.ControlPlane.Replicas;
using Cellular.ControlPlane.Store;
using Cellular.ControlPlane.Store.Leases;
using Cellular.ControlPlane.Store.Sqlite;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Tests.Replicas;

/// <summary>
/// One replica's lease machinery over a SQLite file shared with other instances (each with its own
/// database object and fence, like separate processes), on a given clock. A <c>probe</c> table
/// stands for the workflow's data.
/// </summary>
internal sealed class LeaseReplica : IDisposable
{
    public LeaseReplica(string dataDir, string id, TimeProvider time, TimeSpan ttl)
    {
        Leases = new LeaseStore(Options.Create(new StoreOptions()));
        Fence = new LeaseFence(Leases);
        Database = new SqliteStoreDatabase(Options.Create(new ControlPlaneOptions { DataDir = dataDir }), [Fence], time);
        Keeper = new LeaseKeeper(
            Database,
            Leases,
            Fence,
            new ControlPlaneInstance(Environment.ProcessId, time.GetUtcNow(), id),
            Options.Create(new LeaseOptions { Ttl = ttl }),
            time,
            NullLogger<LeaseKeeper>.Instance);
    }

    public LeaseStore Leases { get; }

    public LeaseFence Fence { get; }

    public SqliteStoreDatabase Database { get; }

    public LeaseKeeper Keeper { get; }

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync(CancellationToken.None);
        await Database.WriteAsync(
            async tx =>
            {
                await Leases.EnsureTableAsync(tx);
                await tx.Connection.ExecuteAsync("CREATE TABLE IF NOT EXISTS probe (v INTEGER NOT NULL);", transaction: tx.Transaction);
                return 0;
            },
            CancellationToken.None);
    }

    public Task<Lease?> TryClaimAsync(string name) =>
        Database.WriteAsync(tx => Leases.TryClaimAsync(tx, name, Keeper.Owner, Keeper.Options.Ttl), CancellationToken.None);

    public Task<int> WriteProbeAsync(int value) =>
        Database.WriteAsync(tx => tx.Connection.ExecuteAsync("INSERT INTO probe (v) VALUES (@value);", new { value }, tx.Transaction), CancellationToken.None);

    public Task<List<int>> ReadProbesAsync() =>
        Database.ReadAsync(async tx => (await tx.Connection.QueryAsync<int>("SELECT v FROM probe ORDER BY v;", transaction: tx.Transaction)).ToList(), CancellationToken.None);

    public Task<string?> ReadExpiryAsync(string name) =>
        Database.ReadAsync(tx => tx.Connection.QueryFirstOrDefaultAsync<string?>("SELECT expires_at FROM leases WHERE name = @name;", new { name }, tx.Transaction), CancellationToken.None);

    public void Dispose() => Database.Dispose();
}
