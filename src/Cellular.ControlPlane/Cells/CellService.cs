using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Health;
using Cellular.ControlPlane.Http;
using Cellular.ControlPlane.Providers;
using Cellular.ControlPlane.Publishing;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Cells;

/// <summary>
/// The cell registry: creates cells through their provider, moves them between states and
/// retires them, publishing a new routing-table version after every committed change.
/// </summary>
internal sealed partial class CellService(
    IStoreDatabase database,
    CellStore cells,
    HealthMarkStore marks,
    TableVersionStore versions,
    AuditStore audit,
    DeploymentStore deployments,
    CellProviders providers,
    RoutingTablePublisher publisher,
    CellHealthTracker health,
    IOptions<ControlPlaneOptions> options,
    ILogger<CellService> logger)
{
    /// <summary>Held while a new cell's endpoint is chosen and stored, so two creations cannot pick the same port.</summary>
    private readonly SemaphoreSlim _provisionLock = new(1, 1);

    /// <summary>Every cell with its health as the monitor sees it.</summary>
    public async Task<List<CellView>> ListAsync(CancellationToken cancellationToken)
    {
        var (records, marked) = await database.ReadAsync(
            async tx => (await cells.ListAsync(tx), (await marks.ListAsync(tx)).ToDictionary(m => m.Cell, StringComparer.Ordinal)),
            cancellationToken);
        var deploying = await DeployingAsync(cancellationToken);
        return records.Select(c => c.ToView() with { Health = HealthOf(c, marked.GetValueOrDefault(c.Cell.Id)), Deployment = deploying.GetValueOrDefault(c.Cell.Id) }).ToList();
    }

    /// <summary>The unfinished deployment each cell is part of, by cell id.</summary>
    private async Task<Dictionary<string, string>> DeployingAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var deployment in await database.ReadAsync(deployments.ListUnfinishedAsync, cancellationToken))
        {
            foreach (var cell in deployment.Deployment.Cells)
            {
                result.TryAdd(cell.Cell, deployment.Id);
            }
        }

        return result;
    }

    public async Task<CellView> GetAsync(string id, CancellationToken cancellationToken)
    {
        var cell = await FindAsync(id, cancellationToken);
        var deploying = await DeployingAsync(cancellationToken);
        return cell.ToView() with { Health = await GetHealthAsync(cell, cancellationToken), Deployment = deploying.GetValueOrDefault(id) };
    }

    /// <summary>What the health monitor knows about a cell.</summary>
    public async Task<CellHealthStatus> GetHealthAsync(string id, CancellationToken cancellationToken) =>
        await GetHealthAsync(await FindAsync(id, cancellationToken), cancellationToken);

    /// <summary>Attempts at creating a cell whose provider picks its port, when the port turns out taken by the time the cell binds it.</summary>
    private const int MaxBindAttempts = 3;

    /// <summary>
    /// Creates a cell and returns once it is Active; a cell that does not start is removed again.
    /// When the provider chose the cell's port and another program took it between the check and
    /// the cell's bind (an outgoing connection's local port can be any free one), the creation is
    /// made again on another port.
    /// </summary>
    public async Task<CellView> CreateAsync(CreateCellRequest request, string actor, CancellationToken cancellationToken)
    {
        var cell = CellRequestValidator.Validate(request, options.Value.DefaultCellCapacity, providers.Names);
        var provider = providers.Get(cell.Provider);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CreateOnceAsync(cell, provider, actor, cancellationToken);
            }
            catch (ControlPlaneException e) when (attempt < MaxBindAttempts
                && cell.Endpoint is null
                && e.InnerException is CellStartException { PortTaken: true })
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private async Task<CellView> CreateOnceAsync(Cell cell, ICellProvider provider, string actor, CancellationToken cancellationToken)
    {
        Committed<CellRecord> created;
        await _provisionLock.WaitAsync(cancellationToken);
        try
        {
            var endpointsInUse = (await database.ReadAsync(cells.ListAsync, cancellationToken))
                .Where(c => c.Cell.State != CellState.Retired && c.Cell.Endpoint is not null)
                .Select(c => c.Cell.Endpoint!)
                .ToList();
            var endpoint = await provider.AssignEndpointAsync(cell, endpointsInUse, cancellationToken);
            created = await InsertAsync(cell with { Endpoint = endpoint }, actor, cancellationToken);
        }
        finally
        {
            _provisionLock.Release();
        }

        publisher.Committed(created.Version);

        // From here on the creation completes or is undone even if the caller goes away.
        try
        {
            await provider.StartAsync(created.Value.Cell, CancellationToken.None);
        }
        catch (Exception e)
        {
            Log.StartFailed(logger, e, cell.Id, e.Message);
            publisher.Committed(await DeleteProvisioningAsync(cell.Id, e.Message, actor, CancellationToken.None));
            if (e is CellStartException)
            {
                throw new ControlPlaneException(ProblemKind.CellFailed, "Cell did not start", $"Cell '{cell.Id}' did not start, so it was not created. {e.Message}", e);
            }

            throw;
        }

        var ready = await CommitStateAsync(new CellStateChange(cell.Id, CellState.Active, "cell.ready", FromProvisioning: true), actor, CancellationToken.None);
        publisher.Committed(ready.Version);
        Log.Created(logger, cell.Id, cell.Provider, ready.Value.Cell.Endpoint, ready.Version);
        return ready.Value.ToView();
    }

    public async Task<CellView> DrainAsync(string id, string actor, CancellationToken cancellationToken) =>
        (await ChangeStateAsync(id, CellState.Draining, "cell.drain", actor, cancellationToken)).ToView();

    public async Task<CellView> QuarantineAsync(string id, string actor, CancellationToken cancellationToken) =>
        (await ChangeStateAsync(id, CellState.Quarantined, "cell.quarantine", actor, cancellationToken)).ToView();

    /// <summary>Makes a cell Active again, first making sure its workload runs (a process cell is restarted if needed).</summary>
    public async Task<CellView> ActivateAsync(string id, string actor, CancellationToken cancellationToken)
    {
        var current = await FindAsync(id, cancellationToken);
        if (current.Cell.State is not (CellState.Retired or CellState.Provisioning) && providers.Find(current.Cell.Provider) is { } provider)
        {
            try
            {
                await provider.ResumeAsync(current.Cell, cancellationToken);
            }
            catch (CellStartException e)
            {
                throw new ControlPlaneException(ProblemKind.CellFailed, "Cell is not running", $"Cell '{id}' was not activated. {e.Message}", e);
            }
        }

        return (await ChangeStateAsync(id, CellState.Active, "cell.activate", actor, cancellationToken)).ToView();
    }

    /// <summary>Retires an empty cell for good and stops its workload.</summary>
    public async Task<CellView> RetireAsync(string id, string actor, CancellationToken cancellationToken)
    {
        var retired = await ChangeStateAsync(id, CellState.Retired, "cell.retire", actor, cancellationToken);
        var cell = retired.Cell;
        if (providers.Find(cell.Provider) is { } provider)
        {
            try
            {
                await provider.StopAsync(cell, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.StopFailed(logger, e, id);
            }
        }

        return retired.ToView();
    }

    /// <summary>
    /// At start-up: takes every stored cell's workload back under management (adopting running
    /// processes, restarting stopped ones) and finishes or undoes creations a crash interrupted.
    /// </summary>
    public async Task ResumeAllAsync(CancellationToken cancellationToken)
    {
        var live = await database.ReadAsync(cells.ListLiveAsync, cancellationToken);
        await Task.WhenAll(live.Select(c => ResumeAsync(c, cancellationToken)));
    }

    private async Task ResumeAsync(Cell cell, CancellationToken cancellationToken)
    {
        if (providers.Find(cell.Provider) is not { } provider)
        {
            Log.ProviderUnknown(logger, cell.Id, cell.Provider);
            return;
        }

        try
        {
            await provider.ResumeAsync(cell, cancellationToken);
        }
        catch (Exception e) when (e is CellStartException or ControlPlaneException)
        {
            Log.ResumeFailed(logger, e, cell.Id, e.Message);
            if (cell.State == CellState.Provisioning)
            {
                publisher.Committed(await DeleteProvisioningAsync(cell.Id, e.Message, Actor.ControlPlane, cancellationToken));
            }

            return;
        }

        if (cell.State == CellState.Provisioning)
        {
            var ready = await CommitStateAsync(new CellStateChange(cell.Id, CellState.Active, "cell.ready", FromProvisioning: true), Actor.ControlPlane, cancellationToken);
            publisher.Committed(ready.Version);
        }
    }

    private async Task<CellRecord> ChangeStateAsync(string id, CellState target, string action, string actor, CancellationToken cancellationToken)
    {
        CellRequestValidator.RequireCellId(id);
        var changed = await CommitStateAsync(new CellStateChange(id, target, action), actor, cancellationToken);
        if (changed.Changed)
        {
            publisher.Committed(changed.Version);
            Log.StateChanged(logger, id, target, changed.Version);
        }

        return changed.Value;
    }

    private async Task<CellHealthStatus> GetHealthAsync(CellRecord cell, CancellationToken cancellationToken)
    {
        var all = await database.ReadAsync(marks.ListAsync, cancellationToken);
        return HealthOf(cell, all.FirstOrDefault(m => m.Cell == cell.Cell.Id));
    }

    private CellHealthStatus HealthOf(CellRecord cell, CellHealthMark? mark) =>
        CellHealthStatuses.Of(cell, cell.Cell.State == CellState.Unhealthy ? mark : null, health.Find(cell.Cell.Id));

    private async Task<CellRecord> FindAsync(string id, CancellationToken cancellationToken)
    {
        CellRequestValidator.RequireCellId(id);
        return await database.ReadAsync(tx => cells.GetAsync(tx, id), cancellationToken) ?? throw ControlPlaneException.CellNotFound(id);
    }
}
