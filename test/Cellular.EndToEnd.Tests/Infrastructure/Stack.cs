using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Cli.Local;
using Cellular.Core;
using Cellular.Core.Api;
using Cellular.Core.Security;
using Cellular.Testing;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A real local stack (control plane, router, Notes cells as processes on free loopback ports)
/// in a temp directory, plus clients for the router and the API. Auth is on as in <c>cellctl up</c>:
/// <see cref="Api"/> and <c>Local.Client</c> send the admin key the control plane wrote to
/// <c>{data dir}/admin-token</c>; calls straight to a cell's <c>/_cell/*</c> go through
/// <see cref="CellControlClientAsync"/>, which carries the control plane's credential for that cell.
/// </summary>
public sealed class Stack : IAsyncDisposable
{
    private readonly TempDirectory _dir;

    private Stack(TempDirectory dir, LocalStack local)
    {
        _dir = dir;
        Local = local;
        Router = new HttpClient { BaseAddress = local.RouterUrl, Timeout = TimeSpan.FromSeconds(30) };
        Api = new HttpClient { BaseAddress = local.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
    }

    public LocalStack Local { get; }

    public HttpClient Router { get; }

    public HttpClient Api { get; }

    public string DataDirectory => _dir.Path;

    /// <summary>The admin key (<c>{data dir}/admin-token</c>), once the stack has started.</summary>
    public string AdminToken { get; private set; } = string.Empty;

    public static async Task<Stack> StartAsync(
        int cells = 3,
        IReadOnlyList<string>? routerArguments = null,
        IReadOnlyList<string>? controlPlaneArguments = null,
        LocalTenantAuth tenantAuth = LocalTenantAuth.None,
        string store = LocalStack.Sqlite,
        int controlPlanes = 1)
    {
        var dir = new TempDirectory("cellular-e2e");
        var local = new LocalStack(new LocalStackOptions
        {
            DataDirectory = dir.Path,
            Cells = cells,
            RouterPort = FreePort.Next(),
            ApiPort = FreePort.Next(),
            // Below the kernel's ephemeral range (32768 up): an outgoing connection's local port
            // there can take a cell's port between the control plane's check and the cell's bind.
            CellPortBase = 20000 + Random.Shared.Next(0, 120) * 100,
            RouterArguments = routerArguments ?? [],
            ControlPlaneArguments = controlPlaneArguments ?? [],
            TenantAuth = tenantAuth,
            Store = store,
            ControlPlanes = controlPlanes,
        });
        var stack = new Stack(dir, local);
        try
        {
            await local.StartAsync();
            stack.AdminToken = (await File.ReadAllTextAsync(local.AdminTokenFile)).Trim();
            stack.Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stack.AdminToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    public string TableFile => Path.Combine(DataDirectory, "router", "routing-table.json");

    public string CellDatabase(string cell) => Path.Combine(DataDirectory, "cells", cell, "notes.db");

    public async Task<IReadOnlyList<TenantView>> CreateTenantsAsync(int count, string prefix = "tenant", string? cell = null)
    {
        var tenants = new List<TenantView>();
        for (var i = 0; i < count; i++)
        {
            tenants.Add(await Local.Client.CreateTenantAsync(new CreateTenantRequest($"{prefix}-{i:D2}", Cell: cell)));
        }

        await Local.WaitReadyAsync();
        return tenants;
    }

    public static HttpRequestMessage ForTenant(HttpMethod method, string path, string tenant, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation(CellularHeaders.TenantId, tenant);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    public async Task<HttpResponseMessage> WriteNoteAsync(string tenant, string text) =>
        await Router.SendAsync(ForTenant(HttpMethod.Post, "/notes", tenant, new { text }));

    public async Task<HttpResponseMessage> ReadNotesAsync(string tenant) =>
        await Router.SendAsync(ForTenant(HttpMethod.Get, "/notes", tenant));

    /// <summary>Base URL of a running process cell.</summary>
    public async Task<Uri> CellEndpointAsync(string cell) =>
        new((await Local.Client.GetCellAsync(cell)).Endpoint!);

    /// <summary>
    /// A client for a cell's own port that signs each call with the control plane's credential for
    /// it (<c>Authorization: Bearer cc1:…</c>, valid 60 s, made for that call's method and path),
    /// from the cell's secret as the control plane makes it: what the control plane may do on
    /// <c>/_cell/*</c>, the tests may do too.
    /// </summary>
    public async Task<HttpClient> CellControlClientAsync(string cell)
    {
        var controlKey = CellSecrets.DeriveControlKey(await CellSecretAsync(cell));
        return new HttpClient(new ControlCredentialHandler(controlKey, cell)) { BaseAddress = await CellEndpointAsync(cell), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// A fresh control-plane credential for one <paramref name="method"/> call to <paramref name="path"/>
    /// of <paramref name="cell"/> (from <c>GET /api/v1/cells/{id}/secret</c>, Admin).
    /// </summary>
    public async Task<string> ControlCredentialAsync(string cell, string method, string path, TimeSpan? lifetime = null) =>
        ControlCredential.Create(
            CellSecrets.DeriveControlKey(await CellSecretAsync(cell)),
            cell,
            method,
            path,
            TimeProvider.System.GetUtcNow() + (lifetime ?? TimeSpan.FromSeconds(60)),
            Guid.NewGuid().ToString("N")[..16]);

    private async Task<byte[]> CellSecretAsync(string cell)
    {
        var secret = await Local.Client.GetCellSecretAsync(cell);
        Assert.True(CellSecrets.TryDecode(secret.Secret, out var cellSecret), $"cell {cell}'s secret decodes");
        return cellSecret;
    }

    /// <summary>Injects a fault straight into a cell (what an experiment does), returning its id.</summary>
    public async Task<string> InjectFaultAsync(string cell, object fault)
    {
        using var client = await CellControlClientAsync(cell);
        using var response = await client.PostAsJsonAsync("/_cell/faults", fault);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task<JsonElement> RouterHealthAsync() =>
        await Router.GetFromJsonAsync<JsonElement>("/_router/health");

    /// <summary>
    /// Waits until the router's last-known-good file holds the table version it serves: the router
    /// writes the file off its sync path, so a test that copies the file or kills the router waits first.
    /// </summary>
    public async Task WaitForRouterTableOnDiskAsync()
    {
        var version = (await RouterHealthAsync()).GetProperty("tableVersion").GetInt64();
        await EventuallyAsync(
            async () => (await RouterHealthAsync()).GetProperty("diskTableVersion").GetInt64() >= version,
            TimeSpan.FromSeconds(15),
            $"the router to write table version {version} to disk");
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
    }

    public static void AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public async ValueTask DisposeAsync()
    {
        Router.Dispose();
        Api.Dispose();
        await Local.DisposeAsync();
        _dir.Dispose();
    }
}
