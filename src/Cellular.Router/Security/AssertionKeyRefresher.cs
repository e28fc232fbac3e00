using System.Net;
using System.Text.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Routing;
using Cellular.Router.Sync;
using Microsoft.Extensions.Options;

namespace Cellular.Router.Security;

/// <summary>
/// Keeps the <see cref="AssertionKeyRing"/> current: fetches <c>GET /api/v1/auth/assertion-keys</c>
/// (with the router's credential) at start, every <see cref="AssertionOptions.KeyRefreshInterval"/>,
/// and at once (at most every <see cref="AssertionOptions.MinRefreshInterval"/>) when a request or
/// a new table names a cell the ring holds no key for. A failed fetch keeps the keys in use. The
/// last fetched set is kept next to the table file (<c>assertion-keys.json</c>, readable only by
/// the router's user), so a router restarted while the control plane is down still signs.
/// </summary>
internal sealed partial class AssertionKeyRefresher : BackgroundService
{
    /// <summary>The control plane's path of the key set.</summary>
    public const string KeysPath = "api/v1/auth/assertion-keys";

    private readonly AssertionKeyRing _ring;
    private readonly IHttpClientFactory _clients;
    private readonly AssertionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AssertionKeyRefresher> _logger;
    private readonly ControlPlaneEndpoints _endpoints;
    private readonly SemaphoreSlim _fetchGate = new(1, 1);
    private long _lastFetch = long.MinValue;
    private int _failures;

    /// <summary>Creates the refresher.</summary>
    public AssertionKeyRefresher(AssertionKeyRing ring, IHttpClientFactory clients, ControlPlaneEndpoints endpoints, IOptions<RouterOptions> options, TimeProvider time, ILogger<AssertionKeyRefresher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ring = ring;
        _clients = clients;
        _options = options.Value.Assertions;
        _time = time;
        _logger = logger;
        _endpoints = endpoints;
        var tableDirectory = Path.GetDirectoryName(Path.GetFullPath(options.Value.TableFile));
        FilePath = Path.Combine(tableDirectory ?? ".", "assertion-keys.json");
    }

    /// <summary>Where the last fetched key set is kept.</summary>
    public string FilePath { get; }

    /// <summary>Loads the key set kept on disk, if the ring has none yet. Called before the router serves.</summary>
    public void LoadFromDisk()
    {
        if (_ring.Generation > 0 || !File.Exists(FilePath))
        {
            return;
        }

        try
        {
            var set = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), CellularJsonContext.Default.AssertionKeySet);
            if (set is not null && set.Generation > 0)
            {
                _ring.Apply(set);
                Log.LoadedFromDisk(_logger, set.Generation, _ring.Count, FilePath);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            Log.DiskUnreadable(_logger, FilePath, e.Message);
        }
    }

    /// <summary>
    /// Fetches the keys now unless a fetch ran less than <see cref="AssertionOptions.MinRefreshInterval"/>
    /// ago (or <paramref name="force"/>). True when a key set was applied. Never throws for an
    /// unreachable or refusing control plane: the keys in use stay.
    /// </summary>
    public async Task<bool> RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        await _fetchGate.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetTimestamp();
            if (!force && _lastFetch != long.MinValue && _time.GetElapsedTime(_lastFetch, now) < _options.MinRefreshInterval)
            {
                return false;
            }

            _lastFetch = now;
            return await FetchAsync(cancellationToken);
        }
        finally
        {
            _fetchGate.Release();
        }
    }

    /// <summary>
    /// Fetches the keys when <paramref name="table"/> names a cell without one, waiting out the
    /// rate limit (<see cref="AssertionOptions.MinRefreshInterval"/>) if a fetch just ran.
    /// </summary>
    public async Task EnsureKeysForAsync(RoutingTable table, CancellationToken cancellationToken)
    {
        if (_ring.HasKeysFor(table))
        {
            return;
        }

        await _fetchGate.WaitAsync(cancellationToken);
        try
        {
            if (_ring.HasKeysFor(table))
            {
                return;
            }

            if (_lastFetch != long.MinValue)
            {
                var since = _time.GetElapsedTime(_lastFetch);
                if (since < _options.MinRefreshInterval)
                {
                    await Task.Delay(_options.MinRefreshInterval - since, _time, cancellationToken);
                }
            }

            _lastFetch = _time.GetTimestamp();
            await FetchAsync(cancellationToken);
        }
        finally
        {
            _fetchGate.Release();
        }
    }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        LoadFromDisk();
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            _ring.ResetWake();
            await RefreshAsync(force: true, stoppingToken);
            try
            {
                // Failing: retry sooner than the refresh interval, so a router that started with the
                // control plane down signs as soon as it is back.
                var wait = _failures > 0 ? Min(_options.KeyRefreshInterval, Backoff.Delay(_failures, Random.Shared)) : _options.KeyRefreshInterval;
                await Task.WhenAny(_ring.WakeRequested, Task.Delay(wait, _time, stoppingToken));
                if (_ring.WakeRequested.IsCompleted)
                {
                    // Woken by a request: at most one fetch per MinRefreshInterval.
                    var since = _time.GetElapsedTime(_lastFetch);
                    var limit = Min(_options.MinRefreshInterval, _options.KeyRefreshInterval);
                    if (since < limit)
                    {
                        await Task.Delay(limit - since, _time, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task<bool> FetchAsync(CancellationToken cancellationToken)
    {
        var client = _clients.CreateClient(RoutingTableSync.HttpClientName);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        AssertionKeySet? set;
        var uri = _endpoints.Resolve(KeysPath);
        try
        {
            using var response = await client.GetAsync(uri, linked.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Failed($"GET {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
                return false;
            }

            set = await response.Content.ReadFromJsonAsync(CellularJsonContext.Default.AssertionKeySet, linked.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or IOException)
        {
            Failed(e.Message);
            return false;
        }

        if (set is null || set.Generation <= 0)
        {
            Failed("the answer is not an assertion key set");
            return false;
        }

        var previous = _ring.Generation;
        var skipped = _ring.Apply(set);
        if (skipped > 0)
        {
            Log.EntriesSkipped(_logger, skipped, set.Generation);
        }

        if (set.Generation != previous || _failures > 0)
        {
            Log.Loaded(_logger, set.Generation, previous, _ring.Count);
        }

        _failures = 0;
        Save(set);
        return true;
    }

    private void Failed(string reason)
    {
        _failures++;
        if (_failures == 1)
        {
            Log.FetchFailed(_logger, _endpoints.CurrentText, reason, _ring.Generation, _ring.Count);
        }
    }

    private void Save(AssertionKeySet set)
    {
        try
        {
            var directory = Path.GetDirectoryName(FilePath);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var temporary = FilePath + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, set, CellularJsonContext.Default.AssertionKeySet);
            }

            File.Move(temporary, FilePath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.DiskUnwritable(_logger, FilePath, e.Message);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _fetchGate.Dispose();
        base.Dispose();
    }
}
