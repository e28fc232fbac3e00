using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Experiments;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// A control plane on a fake clock with two static fake cells (<c>c1</c> holding tenants t1, t2;
/// <c>c2</c> holding t3, t4) and a fake router whose statistics the test sets. The runner's own
/// loop only ticks when the test advances the clock; tests also call <see cref="ExperimentRunner.TickAsync"/>.
/// </summary>
public sealed class ExperimentHarness : IAsyncDisposable
{
    private ExperimentHarness(TempDirectory root, FakeTimeProvider time, FakeRouter router, FakeCell c1, FakeCell c2)
    {
        Root = root;
        Time = time;
        Router = router;
        C1 = c1;
        C2 = c2;
    }

    public TempDirectory Root { get; }

    public FakeTimeProvider Time { get; }

    public FakeRouter Router { get; }

    public FakeCell C1 { get; }

    public FakeCell C2 { get; }

    public ControlPlaneApp App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    internal ExperimentRunner Runner => App.Services.GetRequiredService<ExperimentRunner>();

    public static async Task<ExperimentHarness> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var harness = new ExperimentHarness(
            new TempDirectory("cp-experiments"),
            new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero)),
            await FakeRouter.StartAsync(),
            await FakeCell.StartAsync("c1"),
            await FakeCell.StartAsync("c2"));
        harness.Router.Stats = (_, _) => [FakeRouter.Cell("c1", 100), FakeRouter.Cell("c2", 100)];
        harness.StartApp(settings);
        await harness.Client.CreateStaticCellAsync(harness.C1);
        await harness.Client.CreateStaticCellAsync(harness.C2);
        foreach (var (tenant, cell) in new[] { ("t1", "c1"), ("t2", "c1"), ("t3", "c2"), ("t4", "c2") })
        {
            await harness.Client.CreateTenantAsync($$"""{"id":"{{tenant}}","cell":"{{cell}}"}""");
        }

        return harness;
    }

    /// <summary>Starts (or, after <see cref="StopAppAsync"/>, restarts) the control plane on the same store.</summary>
    public void StartApp(IReadOnlyDictionary<string, string?>? settings = null)
    {
        App = NewApp(settings);
        Client = App.Client("tester");

        // The fake cells now want this control plane's credential on /_cell/faults, as real cells do.
        C1.Secret = TestCredentials.SecretFor(Root.Path, C1.Id);
        C2.Secret = TestCredentials.SecretFor(Root.Path, C2.Id);
    }

    /// <summary>
    /// A second control plane on the same store and clock, beside <see cref="App"/>: another
    /// replica (its own services, admission and runner; the store's write transactions are all
    /// they share). The caller disposes it.
    /// </summary>
    public ControlPlaneApp StartReplica(IReadOnlyDictionary<string, string?>? settings = null) => NewApp(settings);

    /// <summary>Stops the control plane gracefully.</summary>
    public async Task StopAppAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }

    public async Task<HttpResponseMessage> PostExperimentAsync(string json) => await Client.PostJsonAsync("/api/v1/experiments", json);

    /// <summary>Starts a 30 s error experiment on <paramref name="targets"/> and asserts it runs.</summary>
    public async Task<Experiment> StartExperimentAsync(string targets = "\"c1\"", string extra = "")
    {
        using var response = await PostExperimentAsync(
            $$"""{"targets":[{{targets}}],"fault":{"kind":"error","status":503},"durationSeconds":30{{(extra.Length > 0 ? "," + extra : string.Empty)}}}""");
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var experiment = await response.ReadAsync(CellularJsonContext.Default.Experiment);
        Assert.True(experiment.State == ExperimentState.Running, experiment.Reason);
        return experiment;
    }

    public async Task<Experiment> GetExperimentAsync(string id) =>
        (await Client.GetFromJsonAsync($"/api/v1/experiments/{id}", CellularJsonContext.Default.Experiment))!;

    public async Task<List<AuditEntry>> AuditAsync() =>
        [.. (await Client.GetFromJsonAsync("/api/v1/audit", CellularJsonContext.Default.PageAuditEntry))!.Items];

    private ControlPlaneApp NewApp(IReadOnlyDictionary<string, string?>? settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Cellular:ControlPlane:Routers:0"] = Router.Url,
            ["Cellular:ControlPlane:Health:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return new ControlPlaneApp(Root.Path, values, Time);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAppAsync();
        await C1.DisposeAsync();
        await C2.DisposeAsync();
        await Router.DisposeAsync();
        Root.Dispose();
    }
}
