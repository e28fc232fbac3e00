using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Routing;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>Calls of the control-plane API the tests make again and again.</summary>
public static class ApiClient
{
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, JsonTypeInfo<T> type) =>
        await response.Content.ReadFromJsonAsync(type) ?? throw new InvalidOperationException("The response body is null.");

    /// <summary>Creates a static cell for <paramref name="cell"/>; <paramref name="extra"/> adds JSON members, e.g. <c>"capacity":10</c>.</summary>
    public static async Task<CellView> CreateStaticCellAsync(this HttpClient client, FakeCell cell, string extra = "")
    {
        var members = $"\"id\":\"{cell.Id}\",\"provider\":\"static\",\"endpoint\":\"{cell.Endpoint}\"" + (extra.Length > 0 ? "," + extra : string.Empty);
        using var response = await client.PostJsonAsync("/api/v1/cells", "{" + members + "}");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync(CellularJsonContext.Default.CellView);
    }

    public static async Task<TenantView> CreateTenantAsync(this HttpClient client, string json)
    {
        using var response = await client.PostJsonAsync("/api/v1/tenants", json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync(CellularJsonContext.Default.TenantView);
    }

    public static async Task<RoutingTableSnapshot> GetTableAsync(this HttpClient client)
    {
        using var response = await client.GetAsync("/api/v1/routing-table");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadAsync(CellularJsonContext.Default.RoutingTableSnapshot);
    }

    public static async Task<long> GetVersionAsync(this HttpClient client) => (await client.GetTableAsync()).Version;

    /// <summary>Asserts a problem+json answer with <paramref name="status"/> and returns its detail.</summary>
    public static async Task<string> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("title").GetString()));
        return problem.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? string.Empty : string.Empty;
    }
}
