using System.Net;
using System.Runtime.CompilerServices;
using Cellular.Router.Routing;
using Cellular.Router.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Forwarding.Lean;

/// <summary>
/// The lean forwarding path: sends a plain HTTP/1.1 request to its cell on a pooled keep-alive
/// connection, the request line and headers written as bytes, and copies the cell's response back
/// with its head parsed and checked once (<see cref="ResponseHead"/>) and its body streamed
/// (<c>Content-Length</c>, chunked or to the end of the connection). It reports like YARP does —
/// a <see cref="ForwarderError"/>, the cell's status on the response, a 421 or a refused assertion
/// noted on the <see cref="RoutedRequest"/> and not copied — so the forwarder judges, counts and
/// retries both paths alike. A connection goes back to the pool only after a complete exchange
/// whose response allows it; anything unclear closes it.
/// </summary>
internal sealed partial class LeanForwarder
{
    /// <summary>How long a large body waits for the cell's <c>100 Continue</c> before it is sent anyway (as HttpClient waits).</summary>
    private static readonly TimeSpan ExpectContinueTimeout = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;

    /// <summary>Creates the forwarder.</summary>
    public LeanForwarder(IOptions<RouterOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Enabled = options.Value.Forwarding.Lean;
        _time = time;
    }

    /// <summary>True when the lean path is switched on (<c>Cellular:Router:Forwarding:Lean</c>).</summary>
    public bool Enabled { get; }

    /// <summary>
    /// True when the lean path takes the request: switched on, the cell reached over plain HTTP, an
    /// HTTP/1.1 request that is no upgrade and no gRPC, and no trace listening (a traced request
    /// takes YARP, whose HttpClient gives the call to the cell its own span).
    /// </summary>
    public bool CanForward(HttpContext context, CellConnection connection) =>
        connection.Lean is not null
        && !RouterTracing.Enabled
        && HttpProtocol.IsHttp11(context.Request.Protocol)
        && context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true }
        && !IsGrpc(context.Request.ContentType);

    /// <summary>Sends the request to the cell behind <paramref name="pool"/> and copies the answer back; <see cref="ForwarderError.None"/> when it was copied whole.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ForwarderError> SendAsync(HttpContext context, RoutedRequest routed, UpstreamPool pool, TimeSpan timeout)
    {
        var exchange = routed.Exchange.Start(context, routed, pool, timeout);
        var connection = pool.TryTake(poll: context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false);
        if (connection is not null)
        {
            var result = await SendOnAsync(exchange, connection, reused: true);
            if (result != ExchangeResult.Stale)
            {
                return exchange.Error;
            }
        }

        try
        {
            connection = await pool.ConnectAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail(context, context.RequestAborted.IsCancellationRequested ? ForwarderError.RequestCanceled : ForwarderError.Request, e);
        }

        await SendOnAsync(exchange, connection, reused: false);
        return exchange.Error;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ExchangeResult> SendOnAsync(Exchange exchange, UpstreamConnection connection, bool reused)
    {
        var context = exchange.Context;
        connection.Reset();
        var keep = false;
        ExchangeResult result;
        using (context.RequestAborted.UnsafeRegister(static state => ((UpstreamConnection)state!).Abort(), connection))
        {
            try
            {
                result = await ExchangeAsync(exchange, connection, reused);
                keep = result == ExchangeResult.Reusable && connection.Disarm();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Anything unforeseen: the connection is in an unknown state, and the request failed on the way to the cell.
                result = ExchangeResult.Closed;
                exchange.Error = Fail(context, context.RequestAborted.IsCancellationRequested ? ForwarderError.RequestCanceled : ForwarderError.Request, e);
            }
        }

        if (keep)
        {
            exchange.Pool.Return(connection);
        }
        else
        {
            connection.Dispose();
        }

        return result;
    }

    private static bool IsGrpc(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    private static ForwarderError Fail(HttpContext context, ForwarderError error, Exception? exception)
    {
        context.Features.Set<IForwarderErrorFeature>(new LeanForwardingError(error, exception));
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = error switch
            {
                ForwarderError.RequestBodyClient => StatusCodes.Status400BadRequest,
                ForwarderError.RequestTimedOut => StatusCodes.Status504GatewayTimeout,
                _ => StatusCodes.Status502BadGateway,
            };
        }

        return error;
    }

    /// <summary>An invalid response from the cell, as HttpClient reports one, so both paths answer it alike.</summary>
    private static HttpRequestException InvalidResponse(string why) =>
        new(HttpRequestError.InvalidResponse, $"The cell sent an invalid response: {why}", null, (HttpStatusCode?)null);
}
