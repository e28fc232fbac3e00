using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store.Postgres;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.ControlPlane.Tests.Store.Conformance;
using Cellular.Testing.Postgres;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cellular.ControlPlane.Tests.Publishing;

/// <summary>Two replicas on one PostgreSQL database: a version one commits wakes the long polls of the other.</summary>
public sealed class TableChangeWatcherTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private static readonly TimeSpan Wake = TimeSpan.FromSeconds(1);

    private readonly PostgresStoreFactory _factory = new(database);
    private readonly List<TableChangeWatcher> _watchers = [];
    private PostgresStoreDatabase _writer = null!;

    public async Task InitializeAsync()
    {
        _writer = await _factory.CreatePostgresAsync(TimeProvider.System, []);
        await _writer.InitializeAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var watcher in _watchers)
        {
            await watcher.StopAsync(CancellationToken.None);
            watcher.Dispose();
        }

        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task Notification_VersionCommittedByAnotherReplica_WakesChangedWithinASecond()
    {
        var other = await StartReplicaAsync(new TableWatchOptions { PollInterval = TimeSpan.FromMinutes(10) });
        await Eventually.TrueAsync(() => Task.FromResult(other.LatestVersion == 1), "the listener connected and read version 1");

        var changed = other.Changed;
        var version = await BumpAsync();

        await changed.WaitAsync(Wake);
        Assert.Equal(version, other.LatestVersion);
    }

    [Fact]
    public async Task Notification_ListenerConnectionTerminated_ReconnectsAndStillWakes()
    {
        var other = await StartReplicaAsync(new TableWatchOptions { PollInterval = TimeSpan.FromMinutes(10), MaxReconnectDelay = TimeSpan.FromMilliseconds(500) });
        await Eventually.TrueAsync(() => Task.FromResult(other.LatestVersion == 1), "the listener connected");
        var killed = await ListenerPidsAsync();
        Assert.Single(killed);

        await using (var admin = new NpgsqlConnection(database.ConnectionString))
        {
            await admin.ExecuteAsync("SELECT pg_terminate_backend(@pid);", new { pid = killed[0] });
        }

        await Eventually.TrueAsync(async () => (await ListenerPidsAsync()) is [var pid] && pid != killed[0], "a new listening connection", TimeSpan.FromSeconds(10));
        var changed = other.Changed;
        var version = await BumpAsync();

        await changed.WaitAsync(Wake);
        Assert.Equal(version, other.LatestVersion);
    }

    [Fact]
    public async Task Poll_NotificationsOff_StillDeliversTheVersion()
    {
        var other = await StartReplicaAsync(new TableWatchOptions { Listen = false, PollInterval = TimeSpan.FromMilliseconds(200) });
        await Eventually.TrueAsync(() => Task.FromResult(other.LatestVersion == 1), "the first poll");
        Assert.Empty(await ListenerPidsAsync());

        var changed = other.Changed;
        var version = await BumpAsync();

        await changed.WaitAsync(Wake);
        Assert.Equal(version, other.LatestVersion);
    }

    [Fact]
    public async Task Poll_NotificationLost_DeliversTheVersionWithinAPollInterval()
    {
        var other = await StartReplicaAsync(new TableWatchOptions { PollInterval = TimeSpan.FromMilliseconds(300) });
        await Eventually.TrueAsync(() => Task.FromResult(other.LatestVersion == 1), "the listener connected");

        // A bump whose NOTIFY never happens: the trigger is disabled for this transaction only.
        var changed = other.Changed;
        var version = await _writer.WriteAsync(
            async tx =>
            {
                await tx.Connection.ExecuteAsync("ALTER TABLE table_version DISABLE TRIGGER table_version_changed;", transaction: tx.Transaction);
                var bumped = await tx.Connection.ExecuteScalarAsync<long>("UPDATE table_version SET version = version + 1, changed_at = @now WHERE id = 1 RETURNING version;", new { now = tx.NowText }, tx.Transaction);
                await tx.Connection.ExecuteAsync("ALTER TABLE table_version ENABLE TRIGGER table_version_changed;", transaction: tx.Transaction);
                return bumped;
            },
            CancellationToken.None);

        await changed.WaitAsync(Wake);
        Assert.Equal(version, other.LatestVersion);
    }

    private async Task<RoutingTablePublisher> StartReplicaAsync(TableWatchOptions watch)
    {
        var replica = _factory.Open(_factory.LastConnectionString!, TimeProvider.System, []);
        var options = Options.Create(watch);
        var publisher = new RoutingTablePublisher(null!, Options.Create(new ControlPlaneOptions()), NullLogger<RoutingTablePublisher>.Instance);
        var listener = new PostgresTableListener(replica, options, TimeProvider.System, NullLogger<PostgresTableListener>.Instance);
        var watcher = new TableChangeWatcher(replica, publisher, listener, options, TimeProvider.System, NullLogger<TableChangeWatcher>.Instance);
        _watchers.Add(watcher);
        await watcher.StartAsync(CancellationToken.None);
        return publisher;
    }

    private Task<long> BumpAsync() =>
        _writer.WriteAsync(
            tx => tx.Connection.ExecuteScalarAsync<long>("UPDATE table_version SET version = version + 1, changed_at = @now WHERE id = 1 RETURNING version;", new { now = tx.NowText }, tx.Transaction),
            CancellationToken.None);

    private async Task<List<int>> ListenerPidsAsync()
    {
        await using var admin = new NpgsqlConnection(database.ConnectionString);
        return (await admin.QueryAsync<int>(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name;",
            new { name = PostgresTableListener.ApplicationName })).ToList();
    }
}
