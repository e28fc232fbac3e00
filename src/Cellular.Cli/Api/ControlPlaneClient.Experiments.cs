using System.Globalization;
using System.Net.Http.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.Cli.Api;

// Chaos experiments and their kill switch.
public sealed partial class ControlPlaneClient
{
    /// <summary><c>POST /api/v1/experiments</c>; answers once the experiment runs (or could not start: <see cref="ExperimentState.Failed"/>).</summary>
    public Task<Experiment> CreateExperimentAsync(CreateExperimentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonContent.Create(request, CellularJsonContext.Default.CreateExperimentRequest);
        return SendAsync(HttpMethod.Post, "api/v1/experiments", body, CellularJsonContext.Default.Experiment, cancellationToken);
    }

    /// <summary><c>GET /api/v1/experiments?limit=</c>: newest first.</summary>
    public async Task<IReadOnlyList<Experiment>> ListExperimentsAsync(int? limit = null, CancellationToken cancellationToken = default)
    {
        var path = limit is { } l ? string.Create(CultureInfo.InvariantCulture, $"api/v1/experiments?limit={l}") : "api/v1/experiments";
        return await SendAsync(HttpMethod.Get, path, null, CellularJsonContext.Default.ListExperiment, cancellationToken);
    }

    /// <summary><c>GET /api/v1/experiments/{id}</c>, with its blast-radius report once built.</summary>
    public Task<Experiment> GetExperimentAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"api/v1/experiments/{Escape(id)}", null, CellularJsonContext.Default.Experiment, cancellationToken);

    /// <summary><c>POST /api/v1/experiments/{id}/stop</c>: clears the faults now; the report still follows.</summary>
    public Task<Experiment> StopExperimentAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, $"api/v1/experiments/{Escape(id)}/stop", null, CellularJsonContext.Default.Experiment, cancellationToken);

    /// <summary><c>GET /api/v1/experiments/kill-switch</c>.</summary>
    public Task<ExperimentKillSwitch> GetKillSwitchAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "api/v1/experiments/kill-switch", null, CellularJsonContext.Default.ExperimentKillSwitch, cancellationToken);

    /// <summary><c>POST /api/v1/experiments/kill-switch</c>: stops every running experiment and refuses new ones until released.</summary>
    public Task<ExperimentKillSwitch> EngageKillSwitchAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/v1/experiments/kill-switch", null, CellularJsonContext.Default.ExperimentKillSwitch, cancellationToken);

    /// <summary><c>DELETE /api/v1/experiments/kill-switch</c>: experiments may run again.</summary>
    public Task<ExperimentKillSwitch> ReleaseKillSwitchAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "api/v1/experiments/kill-switch", null, CellularJsonContext.Default.ExperimentKillSwitch, cancellationToken);
}
