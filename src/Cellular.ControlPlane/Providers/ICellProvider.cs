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

    /// <summary>Called once when the control plane stops: release or stop what the provider manages.</summary>
    Task ShutdownAsync(CancellationToken cancellationToken);
}
