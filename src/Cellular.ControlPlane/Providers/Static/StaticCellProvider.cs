using Cellular.ControlPlane.Errors;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Providers.Static;

/// <summary>
/// A cell the user runs at an endpoint of their own. The control plane only checks that it
/// answers its health check; it neither starts nor stops it.
/// </summary>
internal sealed partial class StaticCellProvider(CellProbe probe, ILogger<StaticCellProvider> logger) : ICellProvider
{
    public string Name => "static";

    public ValueTask<string> AssignEndpointAsync(Cell cell, IReadOnlyCollection<string> endpointsInUse, CancellationToken cancellationToken) =>
        cell.Endpoint is { } endpoint
            ? ValueTask.FromResult(endpoint)
            : throw ControlPlaneException.BadRequest(
                "A static cell needs an 'endpoint': the base URL of the cell you run, e.g. http://127.0.0.1:5200.");

    public Task StartAsync(Cell cell, CancellationToken cancellationToken) => CheckAsync(cell, cancellationToken);

    public async Task ResumeAsync(Cell cell, CancellationToken cancellationToken)
    {
        try
        {
            await CheckAsync(cell, cancellationToken);
        }
        catch (CellStartException e)
        {
            Log.Unreachable(logger, cell.Id, e.Message);
            throw;
        }
    }

    /// <summary>Nothing to stop: the user runs the cell.</summary>
    public Task StopAsync(Cell cell, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The user deploys a static cell; Cellular only routes to it.</summary>
    public bool CanDeploy => false;

    public Task<string> StageAsync(Cell cell, CellRelease release, IReadOnlyCollection<string> endpointsInUse, CancellationToken cancellationToken) =>
        throw ControlPlaneException.BadRequest(
            $"Cell '{cell.Id}' is a static cell: you run its workload, so Cellular cannot deploy a release to it. Leave it out of the deployment's cells and waves.");

    /// <summary>Nothing to stop: the user runs the cell.</summary>
    public Task StopWorkloadAsync(Cell cell, string endpoint, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task VerifyAsync(Cell cell, CancellationToken cancellationToken) => CheckAsync(cell, cancellationToken);

    public Task ShutdownAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task CheckAsync(Cell cell, CancellationToken cancellationToken)
    {
        var endpoint = cell.Endpoint ?? throw new CellStartException($"Cell '{cell.Id}' has no endpoint.");
        var result = await probe.CheckHealthAsync(endpoint, cancellationToken);
        if (!result.Healthy)
        {
            throw new CellStartException($"Its endpoint {endpoint} did not answer GET /_cell/health with 200 ({result.Detail}).");
        }

        if (result.Cell is not null && result.Cell != cell.Id)
        {
            throw new CellStartException($"The cell at {endpoint} answers as another cell, not as '{cell.Id}'.");
        }
    }
}
