using Cellular.ControlPlane.Experiments;
using Cellular.ControlPlane.Fleet;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.ControlPlane.Tests.Fleet;

/// <summary>A control plane on a fake clock whose router statistics come from <see cref="Router"/>; samples are taken by the test.</summary>
internal sealed class FleetTestApp : IAsyncDisposable
{
    private readonly TempDirectory _root = new("cp-fleet");
    private readonly List<FakeCell> _cells = [];

    public FleetTestApp(bool withRouter = true, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            // Long enough that the background loop never samples on its own while a test advances the clock by seconds.
            ["Cellular:ControlPlane:Fleet:SampleInterval"] = "00:01:00",
            ["Cellular:ControlPlane:Fleet:SignalWindow"] = "00:10:00",
            ["Cellular:ControlPlane:Fleet:SparklineSamples"] = "3",
            ["Cellular:ControlPlane:Health:Enabled"] = "false",
        };
        if (withRouter)
        {
            values["Cellular:ControlPlane:Routers:0"] = "http://router-1.test";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        App = new ControlPlaneApp(
            _root.Path,
            values,
            Clock,
            services => services.AddHttpClient(RouterStatsClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Router));
        Client = App.Client();
    }

    public TestClock Clock { get; } = new();

    public FakeRouterStatsHandler Router { get; } = new();

    public ControlPlaneApp App { get; }

    public HttpClient Client { get; }

    public FleetSampler Sampler => App.Services.GetRequiredService<FleetSampler>();

    public async Task AddCellAsync(string id, string extra = "")
    {
        var cell = await FakeCell.StartAsync(id);
        _cells.Add(cell);
        await Client.CreateStaticCellAsync(cell, extra);
    }

    /// <summary>Moves the clock on and takes one sample.</summary>
    public async Task SampleAsync(TimeSpan? advance = null)
    {
        Clock.Advance(advance ?? TimeSpan.FromSeconds(2));
        await Sampler.SampleAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        foreach (var cell in _cells)
        {
            await cell.DisposeAsync();
        }

        _root.Dispose();
    }
}
