using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// The real control plane in-process (TestServer), with its store and cell directories under
/// <paramref name="root"/>; two apps on the same root share one SQLite file, like a restart.
/// Auth is on, as in production: an Admin key named <c>admin</c> is bootstrapped into
/// <c>{root}/admin-token</c> and <see cref="Client"/> sends it. <paramref name="configure"/> registers
/// extra services after the app's own (a test cell provider, checkpoint handlers).
/// </summary>
public sealed class ControlPlaneApp(
    string root,
    IReadOnlyDictionary<string, string?>? settings = null,
    TimeProvider? time = null,
    Action<IServiceCollection>? configure = null)
    : WebApplicationFactory<Program>
{
    /// <summary>The name of the bootstrapped Admin key.</summary>
    public const string AdminName = "admin";

    public string Root { get; } = root;

    public string CellsDirectory => Path.Combine(Root, "cells");

    /// <summary>Where the bootstrapped Admin key's token is written.</summary>
    public string AdminTokenFile => AdminTokenFileOf(Root);

    public static string AdminTokenFileOf(string root) => Path.Combine(root, "admin-token");

    /// <summary>
    /// A client with an Admin credential: the bootstrapped <c>admin</c> key, or, when
    /// <paramref name="actor"/> is given, an Admin key of that name (made on first use), so the
    /// audit shows <paramref name="actor"/>.
    /// </summary>
    public HttpClient Client(string? actor = null) => AuthorizedClient(this, Root, actor);

    /// <summary>A client that sends no credential.</summary>
    public HttpClient AnonymousClient() => CreateClient();

    /// <summary>A client that sends <paramref name="token"/>.</summary>
    public HttpClient ClientWithToken(string token) => WithToken(CreateClient(), token);

    /// <summary>Makes an API key through the API (as admin) and returns its token.</summary>
    public Task<string> CreateKeyAsync(string name, ApiRole role, DateTimeOffset? expiresAt = null) => CreateKeyAsync(this, Root, name, role, expiresAt);

    /// <summary><see cref="Client"/> for any factory of the control plane (e.g. one made with <c>WithWebHostBuilder</c>) on <paramref name="root"/>.</summary>
    public static HttpClient AuthorizedClient(WebApplicationFactory<Program> factory, string root, string? actor)
    {
        var client = factory.CreateClient();
        var admin = File.ReadAllText(AdminTokenFileOf(root)).Trim();
        if (actor is null || actor == AdminName)
        {
            return WithToken(client, admin);
        }

        var file = Path.Combine(root, "tokens", actor);
        if (!File.Exists(file))
        {
            using var adminClient = WithToken(factory.CreateClient(), admin);
            var token = CreateKey(adminClient, actor, ApiRole.Admin, null).GetAwaiter().GetResult();
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, token);
        }

        return WithToken(client, File.ReadAllText(file).Trim());
    }

    public static async Task<string> CreateKeyAsync(WebApplicationFactory<Program> factory, string root, string name, ApiRole role, DateTimeOffset? expiresAt = null)
    {
        using var admin = AuthorizedClient(factory, root, null);
        return await CreateKey(admin, name, role, expiresAt);
    }

    public static HttpClient WithToken(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The settings every test app gets: its directories, a free port base and the admin bootstrap key.</summary>
    public static Dictionary<string, string?> BaseSettings(string root) => new()
    {
        ["Cellular:ControlPlane:DataDir"] = Path.Combine(root, "control-plane"),
        ["Cellular:Process:DataDir"] = Path.Combine(root, "cells"),
        ["Cellular:Process:PortBase"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ["Cellular:ControlPlane:Auth:Bootstrap:0:Name"] = AdminName,
        ["Cellular:ControlPlane:Auth:Bootstrap:0:Role"] = nameof(ApiRole.Admin),
        ["Cellular:ControlPlane:Auth:Bootstrap:0:TokenFile"] = AdminTokenFileOf(root),
        ["Logging:LogLevel:Default"] = "Warning",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var values = BaseSettings(Root);
        if (time is not null)
        {
            // Tests jump a fake clock by many seconds at once: with the default 15 s the app's own
            // leases (its migrations', experiments'…) would expire in a jump. Lease tests set their own.
            values["Cellular:ControlPlane:Leases:Ttl"] = "00:10:00";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(values));
        if (time is not null)
        {
            builder.ConfigureServices(services => services.AddSingleton(time));
        }

        if (configure is not null)
        {
            builder.ConfigureServices(configure);
        }
    }

    private static async Task<string> CreateKey(HttpClient admin, string name, ApiRole role, DateTimeOffset? expiresAt)
    {
        var request = new CreateApiKeyRequest(name, role.ToString(), expiresAt);
        using var response = await admin.PostAsync("/api/v1/auth/keys", System.Net.Http.Json.JsonContent.Create(request, CellularJsonContext.Default.CreateApiKeyRequest));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync(CellularJsonContext.Default.CreatedApiKey)).Token;
    }
}
