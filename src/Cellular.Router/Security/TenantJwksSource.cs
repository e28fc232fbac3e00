using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Cellular.Router.Security;

/// <summary>
/// The tenant token issuer's keys: fetched from <see cref="TenantAuthOptions.JwksUrl"/> (or read
/// from <see cref="TenantAuthOptions.JwksFile"/>) at start, every
/// <see cref="TenantAuthOptions.JwksRefreshInterval"/>, and soon after a token names an unknown
/// <c>kid</c> (at most every <see cref="TenantAuthOptions.JwksMinRefreshInterval"/>). A failed
/// load keeps the last good keys; until one load succeeds <see cref="Current"/> is null and the
/// router refuses tenant requests with 503 (fail closed). Only RSA and EC keys are taken (a
/// <c>kty: oct</c> key is ignored), and a key set over <see cref="MaxJwksBytes"/> is a failed load.
/// Idle when tenant auth is off.
/// </summary>
internal sealed partial class TenantJwksSource : BackgroundService
{
    /// <summary>Name of the <see cref="HttpClient"/> used to fetch the key set.</summary>
    public const string HttpClientName = "Cellular.Router.Jwks";

    /// <summary>The largest key set accepted, from the URL or the file (1 MiB); a larger one is a failed load.</summary>
    public const int MaxJwksBytes = 1024 * 1024;

    private readonly TenantAuthOptions _options;
    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly ILogger<TenantJwksSource> _logger;
    private readonly string? _file;
    private TenantSigningKeys? _current;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (DateTime WrittenAt, long Length) _fileStamp;
    private string? _lastJson;
    private int _failures;

    /// <summary>Creates the source.</summary>
    public TenantJwksSource(IOptions<RouterOptions> options, IHttpClientFactory clients, TimeProvider time, ILogger<TenantJwksSource> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.TenantAuth;
        _clients = clients;
        _time = time;
        _logger = logger;
        _file = string.IsNullOrWhiteSpace(_options.JwksFile) ? null : Path.GetFullPath(_options.JwksFile);
    }

    /// <summary>The keys in use; null while none were ever loaded.</summary>
    public TenantSigningKeys? Current => Volatile.Read(ref _current);

    private string Source => _file ?? _options.JwksUrl ?? "(none)";

    /// <summary>A token named a <c>kid</c> the keys do not have: load again soon (lock-free, rate-limited by the loop).</summary>
    public void RequestRefresh() => Volatile.Read(ref _wake).TrySetResult();

    /// <summary>Loads the key set once now; true when keys are in use afterwards. Used at start and by tests.</summary>
    public async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        string json;
        try
        {
            json = await ReadAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Failed(e.Message);
            return Current is not null;
        }

        if (json.Length == 0 || json == _lastJson)
        {
            // A file that did not change, or the same set again.
            _failures = 0;
            return Current is not null;
        }

        IList<SecurityKey> keys;
        var ignored = 0;
        try
        {
            var set = new JsonWebKeySet(json);

            // A symmetric key would let anyone who holds it (the issuer's shared secret) mint tokens
            // for any tenant: only public keys are taken, whatever the issuer publishes.
            ignored = RemoveSymmetricKeys(set);
            keys = set.GetSigningKeys();
        }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException or InvalidOperationException)
        {
            Failed($"not a JSON Web Key Set: {e.Message}");
            return Current is not null;
        }

        if (ignored > 0)
        {
            Log.SymmetricKeysIgnored(_logger, Source, ignored);
        }

        if (keys.Count == 0)
        {
            Failed("the key set has no usable (asymmetric) signing keys");
            return Current is not null;
        }

        var version = (Current?.Version ?? 0) + 1;
        Volatile.Write(ref _current, new TenantSigningKeys([.. keys], version));
        _lastJson = json;
        _failures = 0;
        Log.Loaded(_logger, Source, keys.Count, string.Join(",", keys.Select(k => k.KeyId)));
        return true;
    }

    /// <summary>
    /// Loads the keys before the router serves (hosted services start before the server), waiting
    /// at most 5 seconds: an issuer that is down does not keep the router from starting, it only
    /// keeps tenant requests at 503 until its keys arrive.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Mode == TenantAuthMode.Jwt)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
            try
            {
                await LoadAsync(linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Failed("no answer within 5 seconds at start");
            }
        }

        await base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Mode != TenantAuthMode.Jwt)
        {
            return;
        }

        var lastLoad = _time.GetTimestamp();

        // Loaded at start: the first reload is one interval away.
        var skipLoad = Current is not null;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (Volatile.Read(ref _wake).Task.IsCompleted)
            {
                Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            }

            try
            {
                if (!skipLoad)
                {
                    lastLoad = _time.GetTimestamp();
                    await LoadAsync(stoppingToken);
                }

                skipLoad = false;

                // Never loaded: try again soon rather than after the full interval.
                var interval = _failures > 0 && Current is null ? Min(_options.JwksRefreshInterval, Sync.Backoff.Delay(_failures, Random.Shared)) : _options.JwksRefreshInterval;
                var wake = Volatile.Read(ref _wake).Task;
                await Task.WhenAny(wake, Task.Delay(interval, _time, stoppingToken));
                if (wake.IsCompleted)
                {
                    // Rate-limited, but never later than the regular refresh would have been.
                    var since = _time.GetElapsedTime(lastLoad);
                    var limit = Min(_options.JwksMinRefreshInterval, _options.JwksRefreshInterval);
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

    private void Failed(string reason)
    {
        _failures++;
        if (_failures == 1)
        {
            Log.Failed(_logger, Source, reason, Current is null ? "no keys, so tenant requests are refused with 503" : "keeping the last good keys");
        }
    }
}
