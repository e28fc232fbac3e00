using System.Net;
using System.Net.Http.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.Cell.Tests.Infrastructure;

/// <summary>The control plane's side of the cell contract: calls to <c>/_cell/tenants/{t}</c> and <c>/_cell/faults</c>.</summary>
internal sealed class CellAdmin(HttpClient client) : IDisposable
{
    public HttpClient Client { get; } = client;

    public Task<HttpResponseMessage> FenceAsync(string tenant, long epoch, int? timeoutMs = null) =>
        Client.PostAsJsonAsync(
            $"/_cell/tenants/{tenant}/fence{(timeoutMs is null ? "" : $"?timeoutMs={timeoutMs}")}",
            new TenantEpochRequest(epoch),
            CellularJsonContext.Default.TenantEpochRequest);

    public async Task<TenantFenceResult> FencedAsync(string tenant, long epoch)
    {
        using var response = await FenceAsync(tenant, epoch);
        return await ReadAsync(response, CellularJsonContext.Default.TenantFenceResult);
    }

    public Task<HttpResponseMessage> UnfenceAsync(string tenant, string? epoch = null) =>
        Client.PostAsync(new Uri($"/_cell/tenants/{tenant}/unfence" + (epoch is null ? string.Empty : $"?epoch={epoch}"), UriKind.Relative), null);

    public Task<HttpResponseMessage> ActivateAsync(string tenant, long epoch) =>
        Client.PostAsJsonAsync($"/_cell/tenants/{tenant}/activate", new TenantEpochRequest(epoch), CellularJsonContext.Default.TenantEpochRequest);

    public Task<HttpResponseMessage> MovedAsync(string tenant, string cell, long epoch) =>
        Client.PostAsJsonAsync($"/_cell/tenants/{tenant}/moved", new TenantMovedRequest(cell, epoch), CellularJsonContext.Default.TenantMovedRequest);

    public Task<HttpResponseMessage> PurgeAsync(string tenant, bool? force = null, long? epoch = null)
    {
        var query = new List<string>();
        if (force is not null)
        {
            query.Add($"force={force.Value.ToString().ToLowerInvariant()}");
        }

        if (epoch is not null)
        {
            query.Add($"epoch={epoch.Value}");
        }

        return Client.DeleteAsync(new Uri($"/_cell/tenants/{tenant}{(query.Count == 0 ? "" : "?" + string.Join('&', query))}", UriKind.Relative));
    }

    public async Task<CellTenantView> GetAsync(string tenant) =>
        (await Client.GetFromJsonAsync($"/_cell/tenants/{tenant}", CellularJsonContext.Default.CellTenantView))!;

    public async Task<TenantSnapshot> ExportAsync(string tenant) =>
        (await Client.GetFromJsonAsync($"/_cell/tenants/{tenant}/export", CellularJsonContext.Default.TenantSnapshot))!;

    public Task<HttpResponseMessage> ImportAsync(TenantSnapshot snapshot) =>
        Client.PostAsJsonAsync($"/_cell/tenants/{snapshot.Tenant}/import", snapshot, CellularJsonContext.Default.TenantSnapshot);

    public async Task<TenantChangePage> ChangesAsync(string tenant, long after, int? limit = null) =>
        (await Client.GetFromJsonAsync($"/_cell/tenants/{tenant}/changes?after={after}{(limit is null ? "" : $"&limit={limit}")}", CellularJsonContext.Default.TenantChangePage))!;

    public Task<HttpResponseMessage> ApplyAsync(TenantChangePage page) =>
        Client.PostAsJsonAsync($"/_cell/tenants/{page.Tenant}/changes", page, CellularJsonContext.Default.TenantChangePage);

    public async Task<TenantHash> HashAsync(string tenant) =>
        (await Client.GetFromJsonAsync($"/_cell/tenants/{tenant}/hash", CellularJsonContext.Default.TenantHash))!;

    public Task<HttpResponseMessage> SetFaultAsync(object fault) => Client.PostAsJsonAsync("/_cell/faults", fault);

    public async Task<CellFault> FaultAsync(object fault)
    {
        using var response = await SetFaultAsync(fault);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await ReadAsync(response, CellularJsonContext.Default.CellFault);
    }

    public void Dispose() => Client.Dispose();

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize(body, typeInfo)!;
    }
}
