using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Store;
using Dapper;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Publishing;

/// <summary>
/// Tells this replica's <see cref="RoutingTablePublisher"/> of table versions other replicas
/// commit, so the routers long-polling this replica wake too: the <see cref="ITableChangeListener"/>
/// (NOTIFY, within milliseconds) and, as the fallback that makes it correct, a read of the store's
/// version every <see cref="TableWatchOptions.PollInterval"/>. A store only this process writes
/// (SQLite) needs neither: its commits reach the publisher directly.
/// </summary>
internal sealed partial class TableChangeWatcher(
    IStoreDatabase database,
    RoutingTablePublisher publisher,
    ITableChangeListener listener,
    IOptions<TableWatchOptions> options,
    TimeProvider time,
    ILogger<TableChangeWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Provider == StoreProviders.Sqlite)
        {
            return;
        }

        var listening = options.Value.Listen ? listener.ListenAsync(v => Announce(v, "notification"), stoppingToken) : Task.CompletedTask;
        await Task.WhenAll(PollAsync(stoppingToken), listening);
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var version = await database.ReadAsync(
                        tx => tx.Connection.ExecuteScalarAsync<long>("SELECT version FROM table_version WHERE id = 1;", transaction: tx.Transaction),
                        stoppingToken);
                    Announce(version, "poll");
                    failing = false;
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Logged once per outage, not once per tick.
                    if (!failing)
                    {
                        Log.PollFailed(logger, database.Description, e);
                    }

                    failing = true;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Announce(long version, string source)
    {
        if (version > publisher.LatestVersion)
        {
            Log.VersionSeen(logger, version, source);
            publisher.Committed(version);
        }
    }
}
