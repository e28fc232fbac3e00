using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Forwarding.Lean;

// One request and its response on one connection.
internal sealed partial class LeanForwarder
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ExchangeResult> ExchangeAsync(Exchange exchange, UpstreamConnection connection, bool reused)
    {
        var context = exchange.Context;
        var writer = connection.Writer;
        WriteHead(exchange, writer, Activity.Current is not null, out var expectContinue);
        var bodySent = exchange.Framing == BodyFraming.None;
        if (!bodySent && !expectContinue)
        {
            exchange.Error = await SendBodyAsync(exchange, connection);
            if (exchange.Error != ForwarderError.None)
            {
                return ExchangeResult.Closed;
            }

            bodySent = true;
        }
        else
        {
            try
            {
                connection.Arm(exchange.Timeout);
                await writer.FlushAsync(connection.Token);
            }
            catch (OperationCanceledException)
            {
                exchange.Error = Canceled(exchange, connection);
                return ExchangeResult.Closed;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (reused && bodySent)
                {
                    return ExchangeResult.Stale;
                }

                exchange.Error = Fail(context, ForwarderError.Request, e);
                return ExchangeResult.Closed;
            }
        }

        // The cell's answer: interim 1xx skipped, a 100 (or a second's silence) lets a held body go.
        var reader = connection.Reader;
        var head = connection.Head;
        using var continueTimer = expectContinue
            ? _time.CreateTimer(static state => ((PipeReader)state!).CancelPendingRead(), reader, ExpectContinueTimeout, Timeout.InfiniteTimeSpan)
            : null;
        var awaitingContinue = expectContinue && !bodySent;
        while (true)
        {
            ReadResult read;
            try
            {
                connection.Arm(exchange.Timeout);
                read = await reader.ReadAsync(connection.Token);
            }
            catch (OperationCanceledException)
            {
                exchange.Error = Canceled(exchange, connection);
                return ExchangeResult.Closed;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (reused && exchange.Framing == BodyFraming.None)
                {
                    return ExchangeResult.Stale;
                }

                exchange.Error = Fail(context, ForwarderError.Request, e);
                return ExchangeResult.Closed;
            }

            var buffer = read.Buffer;
            var step = ReadHead(exchange, head, buffer);
            if (step == HeadStep.Incomplete)
            {
                if (read.IsCompleted)
                {
                    reader.AdvanceTo(buffer.End);
                    if (reused && buffer.IsEmpty && exchange.Framing == BodyFraming.None)
                    {
                        return ExchangeResult.Stale;
                    }

                    exchange.Error = Fail(context, ForwarderError.Request, buffer.IsEmpty
                        ? new HttpRequestException(HttpRequestError.ResponseEnded, "The cell closed the connection without answering.")
                        : InvalidResponse("the connection ended inside the response head."));
                    return ExchangeResult.Closed;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCanceled && awaitingContinue)
                {
                    // No 100 Continue within the wait: send the body anyway, as HttpClient does.
                    awaitingContinue = false;
                    if (await SendHeldBodyAsync(exchange, connection) is { } failed)
                    {
                        exchange.Error = failed;
                        return ExchangeResult.Closed;
                    }

                    bodySent = true;
                }

                continue;
            }

            if (step == HeadStep.Invalid)
            {
                reader.AdvanceTo(buffer.Start);
                exchange.Error = Fail(context, ForwarderError.Request, InvalidResponse(head.Error!));
                return ExchangeResult.Closed;
            }

            reader.AdvanceTo(buffer.GetPosition(head.Length));
            if (step == HeadStep.Interim)
            {
                if (head.Status == StatusCodes.Status100Continue && awaitingContinue)
                {
                    awaitingContinue = false;
                    if (await SendHeldBodyAsync(exchange, connection) is { } failed)
                    {
                        exchange.Error = failed;
                        return ExchangeResult.Closed;
                    }

                    bodySent = true;
                }

                continue;
            }

            break;
        }

        continueTimer?.Dispose();
        var routed = exchange.Routed;
        if (routed.Misdirected || routed.AssertionRefused)
        {
            // Not for the client; the connection goes rather than reading a body nobody wants.
            return ExchangeResult.Closed;
        }

        var complete = await CopyBodyAsync(exchange, connection);
        return complete && bodySent && head.KeepAlive ? ExchangeResult.Reusable : ExchangeResult.Closed;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<ForwarderError?> SendHeldBodyAsync(Exchange exchange, UpstreamConnection connection)
    {
        var error = await SendBodyAsync(exchange, connection);
        return error == ForwarderError.None ? null : error;
    }

    /// <summary>Parses the head at the start of <paramref name="buffer"/> and, when it is the final one, applies it to the client's response.</summary>
    private static HeadStep ReadHead(Exchange exchange, ResponseHead head, in ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return HeadStep.Incomplete;
        }

        var max = exchange.Pool.MaxResponseHeaderBytes;
        var data = head.Contiguous(buffer, max);
        switch (head.TryParse(data, max))
        {
            case HeadParse.Incomplete:
                return HeadStep.Incomplete;
            case HeadParse.Invalid:
                return HeadStep.Invalid;
        }

        if (head.Status < 200)
        {
            return HeadStep.Interim;
        }

        ResponseHeadApplier.Apply(exchange.Context, exchange.Routed, head, data);
        return HeadStep.Final;
    }
}
