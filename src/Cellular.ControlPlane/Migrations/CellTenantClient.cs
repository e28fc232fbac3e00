using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// The control plane's side of a cell's <c>/_cell/tenants/{t}</c> contract: fencing, data transfer
/// and hashes. Every call has its own deadline (<see cref="MigrationOptions.RequestTimeout"/>, or
/// <see cref="MigrationOptions.TransferTimeout"/> for the snapshot); every failure is a
/// <see cref="CellTenantCallException"/> that names the cell and the call.
/// </summary>
internal sealed class CellTenantClient(IHttpClientFactory httpClients, IOptions<MigrationOptions> options, TimeProvider time)
{
    /// <summary>The named HTTP client; it has no timeout of its own, each call has a deadline.</summary>
    public const string HttpClientName = "cellular-migrations";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary><c>GET /_cell/tenants/{t}</c>: the tenant as the cell sees it.</summary>
    public Task<CellTenantView> GetAsync(string endpoint, string tenant, CancellationToken cancellationToken) =>
        SendAsync(endpoint, tenant, HttpMethod.Get, string.Empty, null, CellularJsonContext.Default.CellTenantView, cancellationToken);

    /// <summary><c>POST fence</c>: the cell refuses the tenant from now on and answers once its in-flight requests drained (at most <paramref name="drainTimeout"/>).</summary>
    public Task<TenantFenceResult> FenceAsync(string endpoint, string tenant, long epoch, TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        var drainMs = (long)Math.Clamp(drainTimeout.TotalMilliseconds, 0, 300_000);
        var path = string.Create(CultureInfo.InvariantCulture, $"/fence?timeoutMs={drainMs}");
        return SendAsync(endpoint, tenant, HttpMethod.Post, path, Body(new TenantEpochRequest(epoch), CellularJsonContext.Default.TenantEpochRequest), CellularJsonContext.Default.TenantFenceResult, cancellationToken, extra: TimeSpan.FromMilliseconds(drainMs));
    }

    /// <summary>
    /// <c>POST unfence?epoch=N</c>: a tenant fenced at <paramref name="fencedAt"/> is served again;
    /// the cell refuses (409) when a newer move fenced it since.
    /// </summary>
    public Task<CellTenantView> UnfenceAsync(string endpoint, string tenant, long fencedAt, CancellationToken cancellationToken) =>
        SendAsync(endpoint, tenant, HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"/unfence?epoch={fencedAt}"), null, CellularJsonContext.Default.CellTenantView, cancellationToken);

    /// <summary><c>POST activate</c>: the cell serves the tenant at <paramref name="epoch"/>; idempotent.</summary>
    public Task<CellTenantView> ActivateAsync(string endpoint, string tenant, long epoch, CancellationToken cancellationToken) =>
        SendAsync(endpoint, tenant, HttpMethod.Post, "/activate", Body(new TenantEpochRequest(epoch), CellularJsonContext.Default.TenantEpochRequest), CellularJsonContext.Default.CellTenantView, cancellationToken);

    /// <summary><c>POST moved</c>: the cell records that <paramref name="cell"/> owns the tenant at <paramref name="epoch"/>; idempotent.</summary>
    public Task<CellTenantView> MovedAsync(string endpoint, string tenant, string cell, long epoch, CancellationToken cancellationToken) =>
        SendAsync(endpoint, tenant, HttpMethod.Post, "/moved", Body(new TenantMovedRequest(cell, epoch), CellularJsonContext.Default.TenantMovedRequest), CellularJsonContext.Default.CellTenantView, cancellationToken);

    /// <summary><c>GET hash</c> of the tenant's live rows.</summary>
    public Task<TenantHash> HashAsync(string endpoint, string tenant, CancellationToken cancellationToken) =>
        SendAsync(endpoint, tenant, HttpMethod.Get, "/hash", null, CellularJsonContext.Default.TenantHash, cancellationToken);

    /// <summary>
    /// <c>DELETE</c>: deletes the tenant's data on the cell; without <paramref name="force"/> only a
    /// tenant that moved away; with <paramref name="fencedAt"/> only while the tenant is fenced there
    /// at that epoch (the cell checks it under its tenant lock, so a late purge cannot hit a copy activated since).
    /// </summary>
    public Task PurgeAsync(string endpoint, string tenant, bool force, long? fencedAt, CancellationToken cancellationToken)
    {
        var query = (force, fencedAt) switch
        {
            (true, { } epoch) => string.Create(CultureInfo.InvariantCulture, $"?force=true&epoch={epoch}"),
            (true, null) => "?force=true",
            (false, { } epoch) => string.Create(CultureInfo.InvariantCulture, $"?epoch={epoch}"),
            _ => string.Empty,
        };
        var call = Describe(HttpMethod.Delete, tenant, query);
        return CallAsync(
            endpoint,
            call,
            options.Value.RequestTimeout,
            async (client, ct) =>
            {
                using var response = await client.DeleteAsync(Url(endpoint, tenant, query), ct);
                await EnsureSuccessAsync(response, endpoint, call, ct);
                return true;
            },
            cancellationToken);
    }

    /// <summary><c>GET changes?after=&amp;limit=</c>: one page of the change feed, with its body kept to apply it unchanged.</summary>
    public Task<ChangePageRead> GetChangesAsync(string endpoint, string tenant, long after, int limit, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"/changes?after={after}&limit={limit}");
        var call = Describe(HttpMethod.Get, tenant, path);
        return CallAsync(
            endpoint,
            call,
            options.Value.RequestTimeout,
            async (client, ct) =>
            {
                using var response = await client.GetAsync(Url(endpoint, tenant, path), ct);
                await EnsureSuccessAsync(response, endpoint, call, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                var page = JsonSerializer.Deserialize(body, CellularJsonContext.Default.TenantChangePage)
                    ?? throw new JsonException("The change page is null.");
                return new ChangePageRead(page, body);
            },
            cancellationToken);
    }

    /// <summary><c>POST changes</c> with a page read from the source, exactly as received.</summary>
    public Task<CellTenantView> ApplyChangesAsync(string endpoint, string tenant, byte[] page, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(page);
        content.Headers.ContentType = Json;
        return SendAsync(endpoint, tenant, HttpMethod.Post, "/changes", content, CellularJsonContext.Default.CellTenantView, cancellationToken);
    }

    /// <summary>Streams <c>GET export</c> of the source into <c>POST import</c> of the target, without holding the snapshot in memory.</summary>
    public Task<SnapshotCopy> CopySnapshotAsync(string source, string target, string tenant, CancellationToken cancellationToken)
    {
        var exportCall = Describe(HttpMethod.Get, tenant, "/export");
        var importCall = Describe(HttpMethod.Post, tenant, "/import");
        return CallAsync(
            $"{source} → {target}",
            $"{exportCall} → {importCall}",
            options.Value.TransferTimeout,
            async (client, ct) =>
            {
                using var export = await client.GetAsync(Url(source, tenant, "/export"), HttpCompletionOption.ResponseHeadersRead, ct);
                await EnsureSuccessAsync(export, source, exportCall, ct);
                var snapshot = new CountingStream(await export.Content.ReadAsStreamAsync(ct));
                using var content = new StreamContent(snapshot);
                content.Headers.ContentType = Json;
                using var import = await client.PostAsync(Url(target, tenant, "/import"), content, ct);
                await EnsureSuccessAsync(import, target, importCall, ct);
                var view = await import.Content.ReadFromJsonAsync(CellularJsonContext.Default.CellTenantView, ct)
                    ?? throw new JsonException("The import answer is null.");
                return new SnapshotCopy(snapshot.BytesRead, view);
            },
            cancellationToken);
    }

    private Task<T> SendAsync<T>(
        string endpoint,
        string tenant,
        HttpMethod method,
        string path,
        HttpContent? body,
        JsonTypeInfo<T> answer,
        CancellationToken cancellationToken,
        TimeSpan extra = default)
    {
        var call = Describe(method, tenant, path);
        return CallAsync(
            endpoint,
            call,
            options.Value.RequestTimeout + extra,
            async (client, ct) =>
            {
                using var request = new HttpRequestMessage(method, Url(endpoint, tenant, path)) { Content = body ?? EmptyBodyOf(method) };
                using var response = await client.SendAsync(request, ct);
                await EnsureSuccessAsync(response, endpoint, call, ct);
                return await response.Content.ReadFromJsonAsync(answer, ct) ?? throw new JsonException("The answer is null.");
            },
            cancellationToken);
    }

    private async Task<T> CallAsync<T>(string endpoint, string call, TimeSpan timeout, Func<HttpClient, CancellationToken, Task<T>> send, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await send(httpClients.CreateClient(HttpClientName), linked.Token);
        }
        catch (HttpRequestException e)
        {
            throw new CellTenantCallException($"Cell {endpoint} did not answer {call}: {e.Message}", null, e);
        }
        catch (JsonException e)
        {
            throw new CellTenantCallException($"Cell {endpoint} answered {call} with a body that cannot be read: {e.Message}", null, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CellTenantCallException(
                string.Create(CultureInfo.InvariantCulture, $"Cell {endpoint} did not answer {call} within {timeout.TotalSeconds:0.###} s."),
                null,
                e);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string endpoint, string call, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var status = (int)response.StatusCode;
        throw new CellTenantCallException(
            string.Create(CultureInfo.InvariantCulture, $"Cell {endpoint} answered {call} with {status} {response.StatusCode}: {ProblemDetail(body)}"),
            status);
    }

    /// <summary>The <c>detail</c> of a problem+json body, else the start of the body.</summary>
    private static string ProblemDetail(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            if (problem.RootElement.ValueKind == JsonValueKind.Object && problem.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                return detail.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON: show the text itself.
        }

        return body.Length <= 300 ? body : string.Concat(body.AsSpan(0, 300), "…");
    }

    private static StringContent? EmptyBodyOf(HttpMethod method) => method == HttpMethod.Post ? new StringContent(string.Empty) : null;

    private static ByteArrayContent Body<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = Json;
        return content;
    }

    private static string Describe(HttpMethod method, string tenant, string path) => $"{method} /_cell/tenants/{tenant}{path}";

    private static Uri Url(string endpoint, string tenant, string path) =>
        new(endpoint.TrimEnd('/') + "/_cell/tenants/" + Uri.EscapeDataString(tenant) + path, UriKind.Absolute);
}
