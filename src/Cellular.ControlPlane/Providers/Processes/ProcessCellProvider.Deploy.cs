using Cellular.ControlPlane.Errors;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>
/// Blue/green deployment of process cells: the release starts as a second process of the cell on
/// a new port with the same data directory; the old process serves until the control plane has
/// switched the cell's endpoint and stops it with <see cref="StopWorkloadAsync"/>.
/// </summary>
internal sealed partial class ProcessCellProvider
{
    public bool CanDeploy => true;

    public async Task<string> StageAsync(Cell cell, CellRelease release, IReadOnlyCollection<string> endpointsInUse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(release);
        Current(cell);
        var taken = new List<string>(cell.Endpoint is { } current ? endpointsInUse.Append(current) : endpointsInUse);
        for (var attempt = 1; ; attempt++)
        {
            var endpoint = ReserveEndpoint(taken);
            try
            {
                var staged = await LaunchAsync(cell, endpoint, release, staged: true, cancellationToken);
                return staged.Endpoint;
            }
            catch (CellStartException e) when (attempt < MaxBindAttempts && e.PortTaken)
            {
                // Another program took the free port between our check and the cell's bind: try another.
                taken.Add(endpoint);
            }
            finally
            {
                ReleasePort(endpoint);
            }
        }
    }

    /// <summary>Ports tried for one staging when the chosen one turns out taken by the time the cell binds it.</summary>
    private const int MaxBindAttempts = 3;

    /// <summary>
    /// Stops the cell's process at <paramref name="endpoint"/> with SIGTERM, so Kestrel finishes
    /// the requests in flight, and kills it after <c>StopTimeout</c>. A process this control plane
    /// did not start (it ran before a restart) is found through <c>/_cell/info</c> at the endpoint.
    /// </summary>
    public async Task StopWorkloadAsync(Cell cell, string endpoint, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);

        // The cell as stored now: after a switch its endpoint is the new process's, which becomes the cell's own.
        Current(cell);
        if (_workloads.TryRemove(new WorkloadKey(cell.Id, endpoint), out var owned))
        {
            await StopAsync(owned);
            return;
        }

        await StopUnownedAsync(cell.Id, endpoint, cancellationToken);
    }

    public async Task VerifyAsync(Cell cell, CancellationToken cancellationToken)
    {
        var endpoint = cell.Endpoint ?? throw new CellStartException($"Cell '{cell.Id}' has no endpoint to verify.");
        Current(cell);
        var health = await probe.CheckHealthAsync(endpoint, cancellationToken);
        if (!health.Healthy)
        {
            throw new CellStartException($"Cell '{cell.Id}' did not answer GET {endpoint}/_cell/health with 200 ({health.Detail}).");
        }

        var info = await GetInfoAsync(cell.Id, endpoint, cancellationToken);
        if (info is null)
        {
            throw new CellStartException($"Cell '{cell.Id}' answers its health check at {endpoint} but not GET /_cell/info.");
        }

        if (info.Cell != cell.Id || info.Version != cell.Version)
        {
            throw new CellStartException(
                $"The process at {endpoint} says it is cell '{info.Cell}' version {info.Version}; cell '{cell.Id}' should run version {cell.Version} there.");
        }
    }
}
