using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using Cellular.Core;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Forwarding.Lean;

// The request to the cell: its line and headers written as bytes, then its body.
internal sealed partial class LeanForwarder
{
    private const int BodyChunkSize = 16 * 1024;

    /// <summary>
    /// Writes the request line and headers (not flushed): the client's headers without hop-by-hop,
    /// proxy and internal ones, then the routing headers, as <see cref="CellTransformer"/> does for YARP.
    /// </summary>
    private static void WriteHead(Exchange exchange, PipeWriter writer, bool traced, out bool expectContinue)
    {
        var context = exchange.Context;
        var request = context.Request;
        var routed = exchange.Routed;
        WriteLatin1(writer, request.Method);
        writer.Write(" "u8);
        writer.Write(exchange.Pool.BasePath);
        var path = routed.ForwardPath.HasValue ? routed.ForwardPath : request.Path;
        WriteLatin1(writer, path.HasValue ? path.ToUriComponent() : "/");
        WriteLatin1(writer, request.QueryString.Value);
        writer.Write(" HTTP/1.1\r\n"u8);
        writer.Write(exchange.Pool.HostHeader);

        var length = request.ContentLength;
        var canHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? length > 0;
        exchange.Framing = BodyFraming.None;
        if (length is { } contentLength)
        {
            writer.Write("Content-Length: "u8);
            WriteNumber(writer, contentLength);
            writer.Write("\r\n"u8);
            exchange.Framing = contentLength > 0 ? BodyFraming.Length : BodyFraming.None;
        }
        else if (canHaveBody)
        {
            writer.Write("Transfer-Encoding: chunked\r\n"u8);
            exchange.Framing = BodyFraming.Chunked;
        }

        // As for YARP: a cell refuses an oversized body as soon as it has the headers; asking first lets its answer through.
        expectContinue = length >= CellTransformer.ExpectContinueFromBytes;
        if (expectContinue)
        {
            writer.Write("Expect: 100-continue\r\n"u8);
        }

        var headers = request.Headers;
        var nominated = headers.Connection.Count > 0 ? HopByHop.Nominated(headers.Connection) : null;
        foreach (var header in headers)
        {
            var name = header.Key;
            if (LeanHeaders.SkippedRequest.Contains(name)
                || CellTransformer.IsInternal(name)
                || (traced && LeanHeaders.TraceContext.Contains(name))
                || (!routed.KeyFromHeader && string.Equals(name, CellularHeaders.TenantId, StringComparison.OrdinalIgnoreCase))
                || (nominated is not null && nominated.Contains(name, StringComparer.OrdinalIgnoreCase)))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                if (value is not null)
                {
                    WriteHeader(writer, name, value);
                }
            }
        }

        WriteRoutingHeaders(context, routed, writer);
        if (traced)
        {
            DistributedContextPropagator.Current.Inject(Activity.Current, writer, static (carrier, name, value) =>
            {
                if (value is not null)
                {
                    WriteHeader((PipeWriter)carrier!, name, value);
                }
            });
        }

        writer.Write("\r\n"u8);
    }

    private static void WriteRoutingHeaders(HttpContext context, RoutedRequest routed, PipeWriter writer)
    {
        if (!routed.KeyFromHeader)
        {
            WriteHeader(writer, CellularHeaders.TenantId, routed.TenantKey);
        }

        WriteHeader(writer, CellularHeaders.TenantEpoch, routed.Epoch);
        WriteHeader(writer, CellularHeaders.TenantAssertion, routed.Assertion);
        var remote = context.Connection.RemoteIpAddress;
        Span<char> address = stackalloc char[64];
        if (remote is not null && remote.TryFormat(address, out var written))
        {
            WriteHeader(writer, "X-Forwarded-For", address[..written]);
        }

        var request = context.Request;
        WriteHeader(writer, "X-Forwarded-Proto", request.Scheme);
        if (request.Host.HasValue)
        {
            WriteHeader(writer, "X-Forwarded-Host", request.Host.Value);
        }
    }

    /// <summary>Sends the client's body to the cell as framed; the error says which side failed.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<ForwarderError> SendBodyAsync(Exchange exchange, UpstreamConnection connection)
    {
        var body = exchange.Context.Request.Body;
        var writer = connection.Writer;
        var chunked = exchange.Framing == BodyFraming.Chunked;
        var buffer = chunked ? ArrayPool<byte>.Shared.Rent(BodyChunkSize) : null;
        try
        {
            while (true)
            {
                int read;
                var target = chunked ? buffer.AsMemory() : writer.GetMemory(BodyChunkSize);
                try
                {
                    read = await body.ReadAsync(target);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    return Fail(exchange.Context, ForwarderError.RequestBodyClient, e);
                }

                if (read == 0)
                {
                    break;
                }

                if (chunked)
                {
                    WriteChunk(writer, buffer.AsSpan(0, read));
                }
                else
                {
                    writer.Advance(read);
                }

                if (await FlushUpstreamAsync(exchange, connection) is { } failed)
                {
                    return failed;
                }
            }

            if (chunked)
            {
                writer.Write("0\r\n\r\n"u8);
            }

            return await FlushUpstreamAsync(exchange, connection) ?? ForwarderError.None;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<ForwarderError?> FlushUpstreamAsync(Exchange exchange, UpstreamConnection connection)
    {
        try
        {
            connection.Arm(exchange.Timeout);
            var flushed = await connection.Writer.FlushAsync(connection.Token);
            return flushed.IsCanceled ? Canceled(exchange, connection) : null;
        }
        catch (OperationCanceledException)
        {
            return Canceled(exchange, connection);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Fail(exchange.Context, ForwarderError.RequestBodyDestination, e);
        }
    }

    /// <summary>A wait on the cell ended by its token: the client left, or the cell's timeout passed.</summary>
    private static ForwarderError Canceled(Exchange exchange, UpstreamConnection connection)
    {
        if (exchange.Context.RequestAborted.IsCancellationRequested)
        {
            return Fail(exchange.Context, ForwarderError.RequestCanceled, null);
        }

        connection.MarkTimedOut();
        return Fail(exchange.Context, ForwarderError.RequestTimedOut, new TimeoutException($"The cell made no progress within {exchange.Timeout}."));
    }

    private static void WriteChunk(PipeWriter writer, ReadOnlySpan<byte> data)
    {
        var span = writer.GetSpan(20);
        Utf8Formatter.TryFormat(data.Length, span, out var written, new StandardFormat('x'));
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        writer.Advance(written);
        writer.Write(data);
        writer.Write("\r\n"u8);
    }

    private static void WriteHeader(PipeWriter writer, string name, ReadOnlySpan<char> value)
    {
        WriteLatin1(writer, name);
        writer.Write(": "u8);
        WriteLatin1(writer, value);
        writer.Write("\r\n"u8);
    }

    private static void WriteNumber(PipeWriter writer, long value)
    {
        var span = writer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        writer.Advance(written);
    }

    private static void WriteLatin1(PipeWriter writer, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = writer.GetSpan(text.Length);
        var written = Encoding.Latin1.GetBytes(text, span);
        writer.Advance(written);
    }
}
