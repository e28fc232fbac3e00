using System.Globalization;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Publishing;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cellular.ControlPlane.Store.Postgres;

/// <summary>
/// LISTENs for <see cref="PostgresSchema.TableChannel"/> on a connection of its own (not pooled:
/// a LISTEN belongs to its session, and a pooler must not hand the session to anyone else).
/// LISTEN/NOTIFY connections are known to die silently, so this one is checked: TCP keepalive,
/// and a query whenever it has been idle for <see cref="TableWatchOptions.ListenCheckInterval"/>.
/// A connection that fails is replaced after a backoff (200 ms doubling up to
/// <see cref="TableWatchOptions.MaxReconnectDelay"/>), and each new one first reads the current
/// version, which covers what was committed while no one listened.
/// </summary>
internal sealed partial class PostgresTableListener(
    PostgresStoreDatabase database,
    IOptions<TableWatchOptions> options,
    TimeProvider time,
    ILogger<PostgresTableListener> logger) : ITableChangeListener
{
    /// <summary>The application_name of the listening connection, to find it in <c>pg_stat_activity</c>.</summary>
    public const string ApplicationName = "cellular-table-listener";

    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(200);

    public async Task ListenAsync(Action<long> committed, CancellationToken cancellationToken)
    {
        var delay = FirstReconnectDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListenOnceAsync(committed, () => delay = FirstReconnectDelay, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.Lost(logger, database.Description, delay, e);
                try
                {
                    await Task.Delay(delay, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.Value.MaxReconnectDelay.Ticks));
            }
        }
    }

    private async Task ListenOnceAsync(Action<long> committed, Action connected, CancellationToken cancellationToken)
    {
        var check = options.Value.ListenCheckInterval;
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Pooling = false,
            ApplicationName = ApplicationName,
            TcpKeepAlive = true,
            KeepAlive = Math.Max(1, (int)check.TotalSeconds),
            CommandTimeout = Math.Max(1, (int)check.TotalSeconds),
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, e) =>
        {
            if (long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                committed(version);
            }
        };
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync($"LISTEN {PostgresSchema.TableChannel};");
        committed(await connection.ExecuteScalarAsync<long>("SELECT version FROM table_version WHERE id = 1;"));
        Log.Connected(logger, database.Description);
        connected();
        while (true)
        {
            // Returns true when a notification arrived (the event above has run), false when the
            // connection was idle for the whole interval: then it is made to prove it is alive.
            if (!await connection.WaitAsync(check, cancellationToken))
            {
                await connection.ExecuteScalarAsync<int>("SELECT 1;");
            }
        }
    }
}
