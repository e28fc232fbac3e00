using System.Diagnostics;
using System.Net;
using Cellular.Router.Forwarding.Lean;
using Cellular.Router.Security;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Routing;

/// <summary>
/// Owns one pooled <see cref="HttpMessageInvoker"/> per cell, rebuilt only when the cell's
/// endpoint changes. Called when a table is applied, never on the request path. An invoker that
/// is replaced or whose cell left the table is disposed after in-flight requests had time to end.
/// </summary>
internal sealed partial class CellInvokers : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, CellConnection> _byCell = new(StringComparer.Ordinal);
    private readonly RouterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CellInvokers> _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly CellTlsCredentials _tls;

    /// <summary>Creates the cache.</summary>
    public CellInvokers(IOptions<RouterOptions> options, CellTlsCredentials tls, TimeProvider time, ILogger<CellInvokers> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tls = tls;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The connection for <paramref name="cellId"/> at <paramref name="endpoint"/>: the cached one when the endpoint is unchanged.</summary>
    public CellConnection Get(string cellId, string endpoint)
    {
        lock (_lock)
        {
            if (_byCell.TryGetValue(cellId, out var existing))
            {
                if (string.Equals(existing.Endpoint, endpoint, StringComparison.Ordinal))
                {
                    return existing;
                }

                Log.EndpointChanged(_logger, cellId, existing.Endpoint, endpoint);
                Retire(existing);
            }

            var created = new CellConnection(cellId, endpoint, CreateInvoker(), CreateLeanPool(endpoint));
            _byCell[cellId] = created;
            return created;
        }
    }

    /// <summary>Retires the connections of cells not in <paramref name="cellIds"/>.</summary>
    public void RetainOnly(IReadOnlySet<string> cellIds)
    {
        lock (_lock)
        {
            List<string>? gone = null;
            foreach (var id in _byCell.Keys)
            {
                if (!cellIds.Contains(id))
                {
                    (gone ??= []).Add(id);
                }
            }

            if (gone is null)
            {
                return;
            }

            foreach (var id in gone)
            {
                Retire(_byCell[id]);
                _byCell.Remove(id);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed.Cancel();
            foreach (var connection in _byCell.Values)
            {
                connection.Invoker.Dispose();
                connection.Lean?.Dispose();
            }

            _byCell.Clear();
        }

        _disposed.Dispose();
    }

    private HttpMessageInvoker CreateInvoker()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = _options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
        };

        if (_tls.Enabled)
        {
            // Asked at every TLS handshake: a rotated certificate serves the next connection.
            handler.SslOptions = _tls.CreateSslOptions();
        }

        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    private void Retire(CellConnection connection)
    {
        // Requests that read the previous table may still be using the invoker.
        var grace = LongestUpstreamTimeout() + TimeSpan.FromSeconds(10);
        _ = DisposeLaterAsync(connection, grace);
    }

    /// <summary>The lean path's pool for a plain-HTTP endpoint; none when the lean path is off or the endpoint needs TLS.</summary>
    private UpstreamPool? CreateLeanPool(string endpoint) =>
        _options.Forwarding.Lean && Uri.TryCreate(endpoint, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttp
            ? new UpstreamPool(url, _options.Forwarding, _options.ConnectTimeout, _time)
            : null;

    private TimeSpan LongestUpstreamTimeout()
    {
        var longest = _options.UpstreamTimeout;
        foreach (var cell in _options.Cells.Values)
        {
            if (cell?.UpstreamTimeout is { } timeout && timeout > longest)
            {
                longest = timeout;
            }
        }

        return longest;
    }

    private async Task DisposeLaterAsync(CellConnection connection, TimeSpan grace)
    {
        try
        {
            await Task.Delay(grace, _time, _disposed.Token);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: dispose now.
        }

        connection.Invoker.Dispose();
        connection.Lean?.Dispose();
    }
}
