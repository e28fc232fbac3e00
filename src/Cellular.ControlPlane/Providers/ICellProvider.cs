using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Providers;

/// <summary>
/// How a cell's workload is created, kept and torn down. <c>process</c> and <c>static</c> are
/// built in; <c>command</c> (the user's lifecycle scripts) and <c>kubernetes</c> plug in here.
/// </summary>
internal interface ICellProvider
{
    /// <summary>The name requests and stored cells use, e.g. <c>process</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Checks that this provider can create <paramref name="cell"/> and decides the endpoint it
    /// will serve on. <paramref name="endpointsInUse"/> are the endpoints of every cell that is
    /// not retired. Called while no other cell is being provisioned.
    /// </summary>
    ValueTask<string> AssignEndpointAsync(Cell cell, IReadOnlyCollection<string> endpointsInUse, CancellationToken cancellationToken);

    /// <summary>Makes the new cell's workload run and returns once it answers its health check.</summary>
    /// <exception cref="Errors.CellStartException">It did not start or did not become healthy; the message says why.</exception>
    Task StartAsync(Cell cell, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a stored cell's workload back under management, starting it again if it is not
    /// running: at control-plane start-up and when an operator activates the cell.
    /// </summary>
    /// <exception cref="Errors.CellStartException">It is not running and could not be started.</exception>
    Task ResumeAsync(Cell cell, CancellationToken cancellationToken);

    /// <summary>Stops the workload of a retired cell.</summary>
    Task StopAsync(Cell cell, CancellationToken cancellationToken);

    /// <summary>False for providers whose workload Cellular does not run (<c>static</c>): deployments skip their cells.</summary>
    bool CanDeploy { get; }

    /// <summary>
    /// Starts <paramref name="release"/> beside the cell's running workload (blue/green) and returns
    /// the endpoint the new workload serves on, once it answers <c>/_cell/health</c> and
    /// <c>/_cell/info</c> names the cell and the release's version. The old workload is not touched;
    /// when this throws, nothing of the new one is left running.
    /// </summary>
    /// <param name="cell">The cell as stored, still on its current release.</param>
    /// <param name="release">The release to start.</param>
    /// <param name="endpointsInUse">Endpoints of every cell that is not retired (the new one must not clash).</param>
    /// <param name="cancellationToken">Cancels the start; the new workload is stopped.</param>
    /// <exception cref="Errors.CellStartException">It did not start or did not become healthy; the message says why, with the log's tail.</exception>
    Task<string> StageAsync(Cell cell, CellRelease release, IReadOnlyCollection<string> endpointsInUse, CancellationToken cancellationToken);

    /// <summary>
    /// Stops the workload of <paramref name="cell"/> that serves at <paramref name="endpoint"/>: the
    /// previous one once routers use the new endpoint (in-flight requests finish first), or a staged
    /// one that will not be published. Nothing happens when nothing of this cell serves there.
    /// </summary>
    Task StopWorkloadAsync(Cell cell, string endpoint, CancellationToken cancellationToken);

    /// <summary>Smoke-tests the cell as it runs now (the <c>verify</c> target of <c>command</c> cells).</summary>
    /// <exception cref="Errors.CellStartException">It failed; the message says why.</exception>
    Task VerifyAsync(Cell cell, CancellationToken cancellationToken);

    /// <summary>Called once when the control plane stops: release or stop what the provider manages.</summary>
    Task ShutdownAsync(CancellationToken cancellationToken);
}
