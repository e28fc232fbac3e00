using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Migrations;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Core.Routing;
using Cellular.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// A control plane on a <see cref="TestClock"/> whose static cells are the shared Notes processes,
/// with <see cref="TestCheckpoints"/> watching its migrations. <see cref="RestartAsync"/> starts a
/// new control plane on the same store, like a restart after a crash.
/// </summary>
internal sealed class MigrationHarness : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private ControlPlaneApp _app = null!;

    private MigrationHarness(NotesCells cells, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        Cells = cells;
        _settings = settings;
        _services = services;
    }

    public NotesCells Cells { get; }

    public TempDirectory Root { get; } = new("cp-migrations");

    public TestClock Clock { get; } = new();

    public TestCheckpoints Checkpoints { get; private set; } = new();

    public WebApplicationFactory<Program> App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>
    /// Starts the control plane and registers <paramref name="cells"/> (ids of the shared Notes cells)
    /// as static cells; <paramref name="services"/> registers extra services on every (re)start.
    /// </summary>
    public static async Task<MigrationHarness> StartAsync(
        NotesCells notes,
        string[]? cells = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        TestCheckpoints? checkpoints = null,
        string cellExtra = "",
        Action<IServiceCollection>? services = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:Health:Enabled"] = "false",
            ["Cellular:ControlPlane:Migrations:CutoverBudget"] = "00:00:30",
            ["Cellular:ControlPlane:Auth:MasterKeyFile"] = notes.MasterKeyFile,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var harness = new MigrationHarness(notes, values, services);
        harness.Start(checkpoints ?? new TestCheckpoints());
        foreach (var id in cells ?? ["c1", "c2"])
        {
            var cell = notes[id];
            var members = $"\"id\":\"{id}\",\"provider\":\"static\",\"endpoint\":\"{cell.Endpoint}\"" + (cellExtra.Length > 0 ? "," + cellExtra : string.Empty);
            using var response = await harness.Client.PostJsonAsync("/api/v1/cells", "{" + members + "}");
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        return harness;
    }

    /// <summary>A tenant id no other test uses.</summary>
    public static string NewTenant(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    internal T Service<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    /// <summary>Stops this control plane (gracefully: the host stops) and starts a new one on the same store and clock.</summary>
    public async Task RestartAsync(TestCheckpoints? checkpoints = null)
    {
        Client.Dispose();
        await _app.DisposeAsync();
        Start(checkpoints ?? new TestCheckpoints());
    }

    public async Task<TenantView> CreateTenantAsync(string tenant, string cell, int weight = 1) =>
        await Client.CreateTenantAsync($$"""{"id":"{{tenant}}","cell":"{{cell}}","weight":{{weight}}}""");

    public Task<HttpResponseMessage> PostMigrationAsync(string json) => Client.PostJsonAsync("/api/v1/migrations", json);

    /// <summary>Plans a migration and asserts it was created.</summary>
    public async Task<Migration> MigrateAsync(string tenant, string? to = null, string extra = "")
    {
        var members = $"\"tenant\":\"{tenant}\"" + (to is null ? string.Empty : $",\"to\":\"{to}\"") + (extra.Length > 0 ? "," + extra : string.Empty);
        using var response = await PostMigrationAsync("{" + members + "}");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync(CellularJsonContext.Default.Migration);
    }

    public async Task<Migration> GetMigrationAsync(string id) =>
        (await Client.GetFromJsonAsync($"/api/v1/migrations/{id}", CellularJsonContext.Default.Migration))!;

    /// <summary>Waits until the migration is in one of <paramref name="states"/>; fails early when it ends in another.</summary>
    public async Task<Migration> WaitForAsync(string id, params MigrationState[] states)
    {
        Migration current = null!;
        await Eventually.TrueAsync(
            async () =>
            {
                current = await GetMigrationAsync(id);
                Assert.False(
                    current.State.IsTerminal() && !states.Contains(current.State),
                    $"Migration {id} ended {current.State}, not {string.Join("/", states)}: {current.Reason}");
                return states.Contains(current.State);
            },
            $"migration {id} in {string.Join("/", states)}",
            TimeSpan.FromSeconds(60));
        return current;
    }

    public async Task<TenantRouteSpec> RouteAsync(string tenant) => (await Client.GetTableAsync()).Tenants.Single(t => t.Id == tenant);

    /// <summary>Lets the soak time pass.</summary>
    public void PassSoak() => Clock.Advance(TimeSpan.FromSeconds(31));

    public async Task<List<AuditEntry>> AuditAsync() =>
        [.. (await Client.GetFromJsonAsync("/api/v1/audit?limit=1000", CellularJsonContext.Default.PageAuditEntry))!.Items];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
        Root.Dispose();
    }

    private void Start(TestCheckpoints checkpoints)
    {
        Checkpoints = checkpoints;
        _app = new ControlPlaneApp(Root.Path, _settings, Clock);
        App = _app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
        {
            services.AddSingleton<IMigrationCheckpoint>(checkpoints);
            _services?.Invoke(services);
        }));
        Client = ControlPlaneApp.AuthorizedClient(App, Root.Path, "tester");
    }
}
