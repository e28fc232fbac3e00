using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Forwarding.Lean;

// The cell's response body, streamed to the client: Content-Length, chunked, or to the end of the
// connection. A body the cell cuts short or frames wrongly aborts the client's connection: a
// truncated answer is never presented as whole.
internal sealed partial class LeanForwarder
{
    private const int MaxChunkLine = 4096;

    /// <summary>Copies the body the head announced; true when it was copied whole.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> CopyBodyAsync(Exchange exchange, UpstreamConnection connection)
    {
        var head = connection.Head;
        var status = head.Status;
        if (HttpMethods.IsHead(exchange.Context.Request.Method) || status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            return true;
        }

        if (head.Chunked)
        {
            return await CopyChunkedAsync(exchange, connection);
        }

        return head.ContentLength >= 0
            ? await CopyLengthAsync(exchange, connection, head.ContentLength)
            : await CopyToEndAsync(exchange, connection);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> CopyLengthAsync(Exchange exchange, UpstreamConnection connection, long remaining)
    {
        var reader = connection.Reader;
        while (remaining > 0)
        {
            if (await ReadUpstreamAsync(exchange, connection) is not { } read)
            {
                return false;
            }

            var buffer = read.Buffer;
            var take = buffer.Slice(0, Math.Min(remaining, buffer.Length));
            Write(exchange.Context.Response.BodyWriter, take);
            remaining -= take.Length;
            reader.AdvanceTo(take.End);
            if (remaining > 0 && read.IsCompleted)
            {
                return Cut(exchange, "the connection ended inside the body.");
            }

            if (!await FlushClientAsync(exchange))
            {
                return false;
            }
        }

        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> CopyToEndAsync(Exchange exchange, UpstreamConnection connection)
    {
        var reader = connection.Reader;
        while (true)
        {
            if (await ReadUpstreamAsync(exchange, connection) is not { } read)
            {
                return false;
            }

            var buffer = read.Buffer;
            Write(exchange.Context.Response.BodyWriter, buffer);
            reader.AdvanceTo(buffer.End);
            if (!await FlushClientAsync(exchange))
            {
                return false;
            }

            if (read.IsCompleted)
            {
                // Delimited by the end of the connection: whole, and the connection is done.
                return false;
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> CopyChunkedAsync(Exchange exchange, UpstreamConnection connection)
    {
        var reader = connection.Reader;
        var decoder = new ChunkedDecoder();
        while (true)
        {
            if (await ReadUpstreamAsync(exchange, connection) is not { } read)
            {
                return false;
            }

            var buffer = read.Buffer;
            var state = decoder.Decode(ref buffer, exchange.Context.Response.BodyWriter, MaxChunkLine);
            reader.AdvanceTo(buffer.Start, read.Buffer.End);
            if (state == ChunkedState.Invalid)
            {
                return Cut(exchange, decoder.Error!);
            }

            if (!await FlushClientAsync(exchange))
            {
                return false;
            }

            if (state == ChunkedState.Done)
            {
                return true;
            }

            if (read.IsCompleted)
            {
                return Cut(exchange, "the connection ended inside the chunked body.");
            }
        }
    }

    /// <summary>The next bytes of the cell; null when the wait failed (already reported).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<ReadResult?> ReadUpstreamAsync(Exchange exchange, UpstreamConnection connection)
    {
        try
        {
            while (true)
            {
                connection.Arm(exchange.Timeout);
                var read = await connection.Reader.ReadAsync(connection.Token);
                if (read.IsCanceled && read.Buffer.IsEmpty && !read.IsCompleted)
                {
                    // A late wake-up of the 100-continue wait: nothing happened, read again.
                    connection.Reader.AdvanceTo(read.Buffer.Start);
                    continue;
                }

                return read;
            }
        }
        catch (OperationCanceledException)
        {
            exchange.Error = Canceled(exchange, connection);
            AbortIfStarted(exchange.Context);
            return null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            exchange.Error = Fail(exchange.Context, ForwarderError.ResponseBodyDestination, e);
            AbortIfStarted(exchange.Context);
            return null;
        }
    }

    /// <summary>The cell's body ended early or was framed wrongly: the client's connection is aborted.</summary>
    private static bool Cut(Exchange exchange, string why)
    {
        exchange.Error = Fail(exchange.Context, ForwarderError.ResponseBodyDestination, InvalidResponse(why));
        AbortIfStarted(exchange.Context);
        return false;
    }

    /// <summary>
    /// Part of the answer is on the wire: the only honest end is to cut the client's connection.
    /// Before that the forwarder answers for the cell itself.
    /// </summary>
    private static void AbortIfStarted(HttpContext context)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> FlushClientAsync(Exchange exchange)
    {
        var context = exchange.Context;
        try
        {
            var flushed = await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
            if (!flushed.IsCanceled && !flushed.IsCompleted)
            {
                return true;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            exchange.Error = Fail(context, ForwarderError.ResponseBodyClient, e);
            return false;
        }

        exchange.Error = Fail(context, ForwarderError.ResponseBodyClient, null);
        return false;
    }

    private static void Write(PipeWriter output, in ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            output.Write(segment.Span);
        }
    }
}
