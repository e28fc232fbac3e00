using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Deployments;
using Cellular.ControlPlane.Providers;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// A control plane on a fake clock with four <c>fake</c>-provider cells — <c>s1</c> (staging) holding
/// t1, <c>p1</c>, <c>p2</c>, <c>p3</c> (prod) holding t2, t3, t4 — whose workloads are
/// <see cref="FakeCell"/>s started by <see cref="FakeDeployProvider"/>, and a fake router whose
/// statistics follow the version each cell serves (<see cref="StatsOf"/>) and whose routing-table
/// version is always current, so switches need no wait. Gate checks run every fake second; the
/// deployment moves only when the test advances the clock (<see cref="AdvanceUntilAsync"/>).
/// </summary>
internal sealed class DeploymentHarness : IAsyncDisposable
{
    /// <summary>The cells, in creation order.</summary>
    public static readonly IReadOnlyList<string> CellIds = ["s1", "p1", "p2", "p3"];

    /// <summary>How far the clock moves per poll: one gate interval.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private Action<IServiceCollection>? _services;
    private Func<string, string, RouterCellStats> _statsOf = (cell, _) => FakeRouter.Cell(cell, 100);

    private DeploymentHarness(TempDirectory root, TestClock time, FakeRouter router, IReadOnlyDictionary<string, string?> settings)
    {
        Root = root;
        Time = time;
        Router = router;
        _settings = settings;
    }

    public TempDirectory Root { get; }

    public TestClock Time { get; }

    public FakeRouter Router { get; }

    public FakeDeployProvider Provider { get; } = new();

    public ControlPlaneApp App { get; private set; } = null!;

    /// <summary>An Admin client named <c>tester</c>.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>
    /// What the router saw of a cell serving a version, by (cell, version); default 100 requests
    /// without errors. A bad release is simulated by answering errors for its version.
    /// </summary>
    public Func<string, string, RouterCellStats> StatsOf
    {
        get => Volatile.Read(ref _statsOf);
        set => Volatile.Write(ref _statsOf, value);
    }

    /// <summary>
    /// Starts the harness; <paramref name="settings"/> are added to every (re)start of the app,
    /// <paramref name="now"/> (later than the clock's default) sets the fake clock first.
    /// </summary>
    /// <param name="services">Registers extra services on every (re)start (e.g. a fake Prometheus handler).</param>
    public static async Task<DeploymentHarness> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, DateTimeOffset? now = null, IDeploymentCheckpoint? checkpoints = null, Action<IServiceCollection>? services = null)
    {
        var time = new TestClock();
        if (now is { } start)
        {
            time.SetUtcNow(start);
        }

        var harness = new DeploymentHarness(new TempDirectory("cp-deployments"), time, await FakeRouter.StartAsync(), settings ?? new Dictionary<string, string?>());
        harness._services = services;
        harness.Router.TableVersion = long.MaxValue / 2;
        harness.Router.Stats = (_, _) => [.. CellIds.Select(id => harness.StatsOf(id, harness.Provider.NewestVersion(id) ?? "1.0.0"))];
        harness.StartApp(checkpoints);
        foreach (var (cell, stage) in new[] { ("s1", "staging"), ("p1", "prod"), ("p2", "prod"), ("p3", "prod") })
        {
            using var response = await harness.Client.PostJsonAsync("/api/v1/cells", $$"""{"id":"{{cell}}","provider":"{{FakeDeployProvider.ProviderName}}","stage":"{{stage}}"}""");
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        }

        foreach (var (tenant, cell) in new[] { ("t1", "s1"), ("t2", "p1"), ("t3", "p2"), ("t4", "p3") })
        {
            await harness.Client.CreateTenantAsync($$"""{"id":"{{tenant}}","cell":"{{cell}}"}""");
        }

        return harness;
    }

    /// <summary>Starts (or, after <see cref="StopAppAsync"/>, restarts) the control plane on the same store, with <paramref name="checkpoints"/> told of every deployment checkpoint.</summary>
    public void StartApp(IDeploymentCheckpoint? checkpoints = null)
    {
        App = NewApp(checkpoints);
        Client = App.Client("tester");
    }

    /// <summary>
    /// A second control plane on the same store, clock, provider and router, beside <see cref="App"/>:
    /// another replica (its own services, admission and runner; the store's write transactions are
    /// all they share). The caller disposes it.
    /// </summary>
    public ControlPlaneApp StartReplica(IDeploymentCheckpoint? checkpoints = null) => NewApp(checkpoints);

    private ControlPlaneApp NewApp(IDeploymentCheckpoint? checkpoints)
    {
        var values = new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:Routers:0"] = Router.Url,
            ["Cellular:ControlPlane:Health:Enabled"] = "false",
            ["Cellular:ControlPlane:Deployments:GateInterval"] = "00:00:01",
            ["Cellular:ControlPlane:Deployments:DrainTime"] = "00:00:00",
            ["Cellular:ControlPlane:Deployments:SwitchTimeout"] = "00:00:05",
            ["Cellular:ControlPlane:Deployments:BakeSeconds"] = "10",
        };
        foreach (var (key, value) in _settings)
        {
            values[key] = value;
        }

        return new ControlPlaneApp(Root.Path, values, Time, services =>
        {
            services.AddSingleton<ICellProvider>(Provider);
            if (checkpoints is not null)
            {
                services.AddSingleton(checkpoints);
            }

            _services?.Invoke(services);
        });
    }

    /// <summary>Stops the control plane gracefully; the fake workloads keep running.</summary>
    public async Task StopAppAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    public Task<HttpResponseMessage> PostDeploymentAsync(string json) => Client.PostJsonAsync("/api/v1/deployments", json);

    /// <summary>Creates a deployment and asserts the 201.</summary>
    public async Task<Deployment> CreateDeploymentAsync(string json)
    {
        using var response = await PostDeploymentAsync(json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync(CellularJsonContext.Default.Deployment);
    }

    public async Task<Deployment> GetDeploymentAsync(string id) =>
        (await Client.GetFromJsonAsync($"/api/v1/deployments/{id}", CellularJsonContext.Default.Deployment))!;

    /// <summary><c>POST /api/v1/deployments/{id}/{action}</c> without a body.</summary>
    public Task<HttpResponseMessage> ControlAsync(string id, string action) => Client.PostAsync($"/api/v1/deployments/{id}/{action}", null);

    /// <summary>Runs a control action and asserts the 200.</summary>
    public async Task<Deployment> ControlOkAsync(string id, string action)
    {
        using var response = await ControlAsync(id, action);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync(CellularJsonContext.Default.Deployment);
    }

    public async Task<CellView> GetCellAsync(string id) =>
        (await Client.GetFromJsonAsync($"/api/v1/cells/{id}", CellularJsonContext.Default.CellView))!;

    public async Task<List<AuditEntry>> AuditAsync() =>
        [.. (await Client.GetFromJsonAsync("/api/v1/audit?limit=500", CellularJsonContext.Default.PageAuditEntry))!.Items];

    /// <summary>
    /// Moves the fake clock a gate interval at a time (letting the workflow run in between) until
    /// <paramref name="done"/> holds for the deployment; fails naming <paramref name="what"/> and
    /// where the deployment stood.
    /// </summary>
    public async Task<Deployment> AdvanceUntilAsync(string id, Func<Deployment, bool> done, string what, TimeSpan? within = null)
    {
        Deployment? last = null;
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    last = await GetDeploymentAsync(id);
                    if (done(last))
                    {
                        return true;
                    }

                    Time.Advance(Step);
                    return false;
                },
                what,
                within ?? TimeSpan.FromSeconds(20));
        }
        catch (Exception e) when (last is not null)
        {
            Assert.Fail($"{e.Message}; the deployment stood at: {Describe(last)}");
        }

        return last!;
    }

    /// <summary>Moves the fake clock by <paramref name="total"/>, a gate interval at a time, giving the workflow real time to react to each.</summary>
    public async Task AdvanceAsync(TimeSpan total)
    {
        for (var moved = TimeSpan.Zero; moved < total; moved += Step)
        {
            Time.Advance(Step);
            await Task.Delay(30);
        }
    }

    /// <summary>A deployment in one line, for failure messages.</summary>
    public static string Describe(Deployment d) => string.Create(
        CultureInfo.InvariantCulture,
        $"{d.State} (reason: {d.Reason}); waves: {string.Join(" | ", d.Waves.Select(w => $"{w.Index} {w.State}{(w.Waiting is null ? string.Empty : $" [{w.Waiting}]")}"))}; cells: {string.Join(", ", d.Cells.Select(c => $"{c.Cell} {c.State}{(c.Error is null ? string.Empty : $" [{c.Error}]")}"))}");

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        await Provider.DisposeAsync();
        await Router.DisposeAsync();
        Root.Dispose();
    }
}
