using System.Net;
using System.Text.Json;
using Cellular.Core.Json;
using Cellular.Core.Routing;
using Cellular.Router.Routing;

namespace Cellular.Router.Sync;

/// <content>The incremental long poll: apply only what changed since the version in use.</content>
internal sealed partial class RoutingTableSync
{
    private async Task<Outcome> ExchangeDeltaAsync(HttpClient client, HttpRequestMessage request, TimeSpan wait, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(wait + AnswerGrace, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        RoutingTableDelta? delta;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotModified:
                    Confirm();
                    return Outcome.Unchanged;

                case HttpStatusCode.Gone:
                    Log.DeltaFallback(_logger, _holder.State.Table.Version, "the control plane no longer keeps those changes, or they are too many");
                    return Outcome.NeedFull;

                case HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed:
                    _deltaSupported = false;
                    Log.DeltaUnsupported(_logger, _endpoints.CurrentText);
                    return Outcome.NeedFull;

                case HttpStatusCode.OK:
                    break;

                default:
                    throw new ControlPlaneException($"GET {request.RequestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            var body = await response.Content.ReadAsStreamAsync(linked.Token);
            await using (body)
            {
                delta = await JsonSerializer.DeserializeAsync(body, CellularJsonContext.Default.RoutingTableDelta, linked.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            throw new ControlPlaneException($"GET {request.RequestUri} got no answer within {wait + AnswerGrace}.");
        }
        catch (JsonException e)
        {
            return Refuse(null, $"its routing table delta is not valid JSON: {e.Message}", e);
        }

        return await ApplyDeltaAsync(delta, stoppingToken);
    }

    private async Task<Outcome> ApplyDeltaAsync(RoutingTableDelta? delta, CancellationToken stoppingToken)
    {
        if (delta is null)
        {
            return Refuse(null, "it sent an empty routing table delta.", null);
        }

        var current = _holder.State.Table;
        if (IsNewStore(delta.StoreId))
        {
            Log.DeltaFallback(_logger, current.Version, $"the control plane's store is now '{delta.StoreId}'");
            return Outcome.NeedFull;
        }

        if (delta.Version <= current.Version)
        {
            Confirm();
            return Outcome.Unchanged;
        }

        RoutingTable table;
        try
        {
            table = current.ApplyDelta(delta);
        }
        catch (RoutingTableException e)
        {
            // A delta that does not fit the table in use (another base version, a cell gone that
            // still has tenants here) is not an error of the control plane: the full table settles it.
            Log.DeltaFallback(_logger, current.Version, e.Message);
            return Outcome.NeedFull;
        }

        await _keys.EnsureKeysForAsync(table, stoppingToken);
        _status.RecordContact(_time.GetUtcNow());
        if (_holder.Apply(table, TableSource.ControlPlane) != ApplyResult.Applied)
        {
            return Outcome.Unchanged;
        }

        Log.Applied(_logger, table.Version, current.Version, table.TenantCount, table.Cells.Count);
        _writer.Schedule(table);
        return Outcome.Applied;
    }
}
