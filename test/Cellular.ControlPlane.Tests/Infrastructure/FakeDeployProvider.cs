using System.Collections.Concurrent;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Providers;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// A cell provider (<c>fake</c>) whose workloads are <see cref="FakeCell"/>s: creating a cell starts
/// one, staging a release starts a new one beside it that reports the release's version, stopping
/// a workload disposes the one at that endpoint. It records what it was asked to stage and stop,
/// and can be told to fail staging a version. It outlives control-plane restarts, as processes do.
/// </summary>
internal sealed class FakeDeployProvider : ICellProvider, IAsyncDisposable
{
    /// <summary>The provider name cells give.</summary>
    public const string ProviderName = "fake";

    private readonly ConcurrentDictionary<string, FakeCell> _byEndpoint = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeCell> _newest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _failing = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Cell, string Version)> _staged = new();
    private readonly ConcurrentQueue<string> _stopped = new();

    public string Name => ProviderName;

    public bool CanDeploy => true;

    /// <summary>Every <see cref="StageAsync"/> call in order: the cell and the release's version (failed ones included).</summary>
    public IReadOnlyList<(string Cell, string Version)> Staged => [.. _staged];

    /// <summary>Every endpoint whose workload was stopped, in order.</summary>
    public IReadOnlyList<string> Stopped => [.. _stopped];

    /// <summary>Makes staging <paramref name="version"/> fail with a <see cref="CellStartException"/> carrying <paramref name="logTail"/>.</summary>
    public void FailStaging(string version, string logTail = "fatal: the release crashed at start-up") => _failing[version] = logTail;

    /// <summary>The version of the cell's most recently started workload that still runs (what the routers see after its switch); null when none runs.</summary>
    public string? NewestVersion(string cell) => _newest.TryGetValue(cell, out var fake) && _byEndpoint.ContainsKey(fake.Endpoint) ? fake.Version : null;

    /// <summary>The workload serving at <paramref name="endpoint"/>, if it runs.</summary>
    public FakeCell? At(string endpoint) => _byEndpoint.GetValueOrDefault(endpoint);

    public async ValueTask<string> AssignEndpointAsync(Cell cell, IReadOnlyCollection<string> endpointsInUse, CancellationToken cancellationToken) =>
        (await StartWorkloadAsync(cell.Id, cell.Version)).Endpoint;

    public Task StartAsync(Cell cell, CancellationToken cancellationToken) => CheckAsync(cell);

    public Task ResumeAsync(Cell cell, CancellationToken cancellationToken) => CheckAsync(cell);

    public async Task StopAsync(Cell cell, CancellationToken cancellationToken)
    {
        if (cell.Endpoint is { } endpoint)
        {
            await StopWorkloadAsync(cell, endpoint, cancellationToken);
        }
    }

    public async Task<string> StageAsync(Cell cell, CellRelease release, IReadOnlyCollection<string> endpointsInUse, CancellationToken cancellationToken)
    {
        _staged.Enqueue((cell.Id, release.Version));
        if (_failing.TryGetValue(release.Version, out var tail))
        {
            throw new CellStartException($"Version {release.Version} of cell '{cell.Id}' did not become healthy. Log tail: {tail}");
        }

        return (await StartWorkloadAsync(cell.Id, release.Version)).Endpoint;
    }

    public async Task StopWorkloadAsync(Cell cell, string endpoint, CancellationToken cancellationToken)
    {
        if (_byEndpoint.TryGetValue(endpoint, out var fake) && fake.Id == cell.Id && _byEndpoint.TryRemove(endpoint, out _))
        {
            _stopped.Enqueue(endpoint);
            await fake.DisposeAsync();
        }
    }

    public Task VerifyAsync(Cell cell, CancellationToken cancellationToken) => CheckAsync(cell);

    /// <summary>Nothing: the fake workloads outlive the control plane, like cell processes; <see cref="DisposeAsync"/> ends them.</summary>
    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var endpoint in _byEndpoint.Keys)
        {
            if (_byEndpoint.TryRemove(endpoint, out var fake))
            {
                await fake.DisposeAsync();
            }
        }
    }

    private async Task<FakeCell> StartWorkloadAsync(string cell, string version)
    {
        var fake = await FakeCell.StartAsync(cell, version: version);
        _byEndpoint[fake.Endpoint] = fake;
        _newest[cell] = fake;
        return fake;
    }

    private Task CheckAsync(Cell cell)
    {
        if (cell.Endpoint is not { } endpoint || !_byEndpoint.TryGetValue(endpoint, out var fake) || fake.Id != cell.Id)
        {
            throw new CellStartException($"No fake workload of cell '{cell.Id}' runs at {cell.Endpoint}.");
        }

        if (fake.Version != cell.Version)
        {
            throw new CellStartException($"The fake workload of cell '{cell.Id}' at {endpoint} runs version {fake.Version}, not {cell.Version}.");
        }

        return Task.CompletedTask;
    }
}
