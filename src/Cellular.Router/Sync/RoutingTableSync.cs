using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Cellular.Core.Routing;
using Cellular.Router.Routing;
using Cellular.Router.Security;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Sync;

/// <summary>
/// Keeps the routing table current: loads the last-known-good file before the router serves,
/// fetches the full table from the control plane, then long-polls it for changes forever, asking
/// only for what changed since the version in use (<c>/routing-table/delta</c>) and falling back
/// to the full table when the control plane cannot answer that way. New tables are validated and
/// built here, off the request path, then swapped in and handed to the disk writer. When the control plane cannot be reached the router keeps serving what it has and
/// retries with exponential back-off and jitter.
/// </summary>
/// <remarks>
/// With several control-plane replicas (<see cref="RouterOptions.ControlPlaneUrls"/>) it stays with
/// one while it answers; a failed exchange (cannot connect, an error status such as a 5xx, no answer
/// in time) moves it to the next
/// (<see cref="ControlPlaneEndpoints"/>), after the same back-off, so the table keeps flowing while
/// any replica is up. Which replica it uses is in <c>/_router/health</c> and the metrics.
/// </remarks>
internal sealed partial class RoutingTableSync : BackgroundService
{
    /// <summary>Name of the <see cref="HttpClient"/> used to reach the control plane.</summary>
    public const string HttpClientName = "Cellular.Router.ControlPlane";

    private const string TablePath = "api/v1/routing-table";
    private const string DeltaPath = "api/v1/routing-table/delta";

    private static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(10);

    private readonly RoutingTableHolder _holder;
    private readonly LastKnownGoodTable _disk;
    private readonly TableDiskWriter _writer;
    private readonly SyncStatus _status;
    private readonly IHttpClientFactory _clients;
    private readonly AssertionKeyRefresher _keys;
    private readonly RouterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RoutingTableSync> _logger;
    private readonly ControlPlaneEndpoints _endpoints;
    private bool _deltaSupported;
    private readonly string _longPollWait;

    /// <summary>Creates the sync.</summary>
    public RoutingTableSync(
        RoutingTableHolder holder,
        LastKnownGoodTable disk,
        TableDiskWriter writer,
        SyncStatus status,
        IHttpClientFactory clients,
        AssertionKeyRefresher keys,
        ControlPlaneEndpoints endpoints,
        IOptions<RouterOptions> options,
        TimeProvider time,
        ILogger<RoutingTableSync> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _holder = holder;
        _disk = disk;
        _writer = writer;
        _status = status;
        _clients = clients;
        _keys = keys;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _endpoints = endpoints;
        _status.RecordControlPlane(_endpoints.CurrentText);
        _deltaSupported = _options.IncrementalSync;
        _longPollWait = ((int)Math.Ceiling(_options.LongPollWait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The outcome of one exchange with the control plane.</summary>
    private enum Outcome
    {
        Applied,
        Unchanged,
        Refused,

        /// <summary>The delta could not be used; fetch the full table next.</summary>
        NeedFull,
    }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Normally already done by MapCellularRouter; this covers hosts that do not map the router.
        _disk.EnsureLoaded();

        // The version loaded from the file is on disk already: health reports it until a newer one is written.
        var state = _holder.State;
        if (state.Source == TableSource.Disk)
        {
            _status.RecordWritten(state.Table.Version, state.Table.StoreId);
        }

        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = _clients.CreateClient(HttpClientName);
        var fetchedOnce = false;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Outcome outcome;
            var controlPlane = _endpoints.Current;
            try
            {
                outcome = fetchedOnce
                    ? await LongPollAsync(client, stoppingToken)
                    : await FetchAsync(client, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or IOException or ControlPlaneException)
            {
                failures++;
                var reason = Describe(e);
                var failed = ControlPlaneEndpoints.Text(controlPlane);
                _status.RecordError(_time.GetUtcNow(), $"Control plane {failed}: {reason}");
                if (failures == 1)
                {
                    Log.Unreachable(_logger, failed, reason, _holder.State.Table.Version);
                }
                else
                {
                    Log.StillUnreachable(_logger, failed, failures, reason);
                }

                var next = _endpoints.FailOver(controlPlane);
                if (next != controlPlane)
                {
                    Log.FailedOver(_logger, failed, ControlPlaneEndpoints.Text(next), reason);
                    _status.RecordFailover(ControlPlaneEndpoints.Text(next));
                }

                await DelayAsync(failures, stoppingToken);
                continue;
            }

            if (outcome == Outcome.NeedFull)
            {
                fetchedOnce = false;
                continue;
            }

            if (outcome == Outcome.Refused)
            {
                // The control plane answered with something we will not use; do not ask again at once.
                failures++;
                await DelayAsync(failures, stoppingToken);
                continue;
            }

            if (failures > 0)
            {
                Log.Reconnected(_logger, ControlPlaneEndpoints.Text(controlPlane), failures);
            }

            failures = 0;
            fetchedOnce = true;
        }
    }

    private async Task<Outcome> FetchAsync(HttpClient client, CancellationToken stoppingToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _endpoints.Resolve(TablePath));
        var state = _holder.State;
        var version = state.Table.Version;

        // A table from disk may come from a store the control plane no longer has (a restored or
        // reset database) at a version it shares with the new one: fetch it whole to compare stores.
        if (version > 0 && state.Source != TableSource.Disk)
        {
            request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{version.ToString(CultureInfo.InvariantCulture)}\""));
        }

        return await ExchangeAsync(client, request, TimeSpan.FromSeconds(10), stoppingToken);
    }

    private async Task<Outcome> LongPollAsync(HttpClient client, CancellationToken stoppingToken)
    {
        var version = _holder.State.Table.Version;
        var since = version.ToString(CultureInfo.InvariantCulture);
        var delta = _deltaSupported && version > 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, _endpoints.Resolve($"{(delta ? DeltaPath : TablePath)}?since={since}&wait={_longPollWait}"));
        _status.SetPollInProgress(true);
        try
        {
            return delta
                ? await ExchangeDeltaAsync(client, request, _options.LongPollWait, stoppingToken)
                : await ExchangeAsync(client, request, _options.LongPollWait, stoppingToken);
        }
        finally
        {
            _status.SetPollInProgress(false);
        }
    }

    private async Task<Outcome> ExchangeAsync(HttpClient client, HttpRequestMessage request, TimeSpan wait, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(wait + AnswerGrace, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        long? announced = null;
        RoutingTable table;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                Confirm();
                return Outcome.Unchanged;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new ControlPlaneException($"GET {request.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            // The ETag names the version before the body is read, so a refusal can say which one.
            announced = AnnouncedVersion(response);
            var body = await response.Content.ReadAsStreamAsync(linked.Token);
            await using (body)
            {
                // Streamed straight into the compact map: no snapshot object of a million records in between.
                table = await RoutingTable.ReadJsonAsync(body, linked.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            throw new ControlPlaneException($"GET {request.RequestUri} got no answer within {wait + AnswerGrace}.");
        }
        catch (JsonException e)
        {
            return Refuse(announced, $"its routing table is not valid JSON: {e.Message}", e);
        }
        catch (RoutingTableException e)
        {
            return Refuse(announced, e.Message, e);
        }

        // A table naming a cell without an assertion key would answer its tenants 503 until the
        // next key refresh: fetch the keys first (rate-limited; the table is applied either way).
        await _keys.EnsureKeysForAsync(table, stoppingToken);

        return Apply(table);
    }

    private static long? AnnouncedVersion(HttpResponseMessage response) =>
        response.Headers.ETag is { Tag: { Length: > 2 } tag }
        && long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : null;

    /// <summary>True when <paramref name="storeId"/> names a store and the table in use does not come from it.</summary>
    private bool IsNewStore(string? storeId)
    {
        var current = _holder.State.Table;
        return storeId is not null && current.Version > 0 && !string.Equals(storeId, current.StoreId, StringComparison.Ordinal);
    }

    private Outcome Apply(RoutingTable table)
    {
        var current = _holder.State.Table.Version;
        if (IsNewStore(table.StoreId))
        {
            Log.StoreChanged(_logger, table.StoreId!, table.Version, _holder.State.Table.StoreId ?? "(none)", current);
            _status.RecordContact(_time.GetUtcNow());
            _holder.Apply(table, TableSource.ControlPlane, newStore: true);
            _writer.Schedule(table);
            return Outcome.Applied;
        }

        if (table.Version < current)
        {
            Log.OlderIgnored(_logger, table.Version, current);
            _status.RecordError(_time.GetUtcNow(), $"The control plane sent routing table version {table.Version}, older than version {current} in use; ignored.");
            return Outcome.Refused;
        }

        if (table.Version == current)
        {
            Confirm();
            return Outcome.Unchanged;
        }

        // Contact first, so whoever sees the new version also sees a fresh sync.
        _status.RecordContact(_time.GetUtcNow());
        if (_holder.Apply(table, TableSource.ControlPlane) != ApplyResult.Applied)
        {
            return Outcome.Unchanged;
        }

        Log.Applied(_logger, table.Version, current, table.TenantCount, table.Cells.Count);
        _writer.Schedule(table);
        return Outcome.Applied;
    }

    /// <summary>The control plane says the table in use is current: it now counts as the control plane's.</summary>
    private void Confirm()
    {
        _status.RecordContact(_time.GetUtcNow());
        var state = _holder.State;
        if (state.Table.Version > 0 && state.Source != TableSource.ControlPlane)
        {
            _holder.Apply(state.Table, TableSource.ControlPlane);
            Log.Confirmed(_logger, state.Table.Version);
        }
    }

    private Outcome Refuse(long? version, string reason, Exception? exception)
    {
        Log.Refused(_logger, version ?? -1, _endpoints.CurrentText, reason, exception);
        var which = version is null ? "a routing table" : $"routing table version {version}";
        _status.RecordError(_time.GetUtcNow(), $"Refused {which} from the control plane, kept version {_holder.State.Table.Version}: {reason}");
        return Outcome.Refused;
    }

    private async Task DelayAsync(int failures, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Backoff.Delay(failures, Random.Shared), _time, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping; the loop ends.
        }
    }

    private static string Describe(Exception e) =>
        e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } ? $"cannot connect ({e.Message})" : e.Message;
}
