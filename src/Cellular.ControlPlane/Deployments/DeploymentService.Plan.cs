using Cellular.ControlPlane.Cells;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Experiments;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Deployments;

/// <summary>Checking a deployment request and making its plan.</summary>
internal sealed partial class DeploymentService
{
    /// <summary>
    /// The default plan over every live cell Cellular can deploy (or the named ones): dev, then
    /// staging, then prod by the routers' traffic, lowest first. A cell created yesterday is in it
    /// without anyone editing a pipeline. Without router statistics the order falls back to ids.
    /// </summary>
    private async Task<List<IReadOnlyList<string>>> DefaultPlanAsync(IReadOnlyList<string>? named, IReadOnlyDictionary<string, Cell> cells, int growth, CancellationToken cancellationToken)
    {
        List<Cell> candidates;
        if (named is not null)
        {
            if (named.Count == 0)
            {
                throw ControlPlaneException.BadRequest("'cells' is empty; name at least one cell, or leave it out to deploy to every cell.");
            }

            candidates = [.. named.Distinct(StringComparer.Ordinal).Select(id => RequireDeployable(id, cells))];
        }
        else
        {
            candidates = [.. cells.Values.Where(c => c.State is CellState.Active or CellState.Draining or CellState.Quarantined or CellState.Unhealthy && providers.Find(c.Provider)?.CanDeploy == true)];
            if (candidates.Count == 0)
            {
                throw ControlPlaneException.BadRequest("No cell can take a release: there is no live cell whose provider Cellular runs (static cells are deployed by you).");
            }
        }

        var traffic = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            var now = time.GetUtcNow();
            var window = await routers.ReadAsync(now.AddSeconds(-options.Value.PlanTrafficWindowSeconds), now, cancellationToken);
            foreach (var cell in candidates)
            {
                traffic[cell.Id] = window.For(cell.Id).Requests;
            }
        }
        catch (RouterStatsException e)
        {
            Log.NoTraffic(logger, e.Message);
        }

        return [.. WavePlanner.Plan(candidates, traffic, growth)];
    }

    private List<IReadOnlyList<string>> ExplicitPlan(IReadOnlyList<IReadOnlyList<string>> waves, IReadOnlyDictionary<string, Cell> cells)
    {
        if (waves.Count is 0 or > MaxWaves)
        {
            throw ControlPlaneException.BadRequest($"'waves' must hold 1 to {MaxWaves} waves.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var plan = new List<IReadOnlyList<string>>();
        for (var i = 0; i < waves.Count; i++)
        {
            var wave = waves[i];
            if (wave is null || wave.Count == 0)
            {
                throw ControlPlaneException.BadRequest($"Wave {i} is empty; every wave needs at least one cell.");
            }

            foreach (var id in wave)
            {
                RequireDeployable(id, cells);
                if (!seen.Add(id))
                {
                    throw ControlPlaneException.BadRequest($"Cell '{id}' is in more than one wave; each cell takes a release once.");
                }
            }

            plan.Add([.. wave]);
        }

        return plan;
    }

    private Cell RequireDeployable(string? id, IReadOnlyDictionary<string, Cell> cells)
    {
        CellRequestValidator.RequireCellId(id);
        var cell = cells.GetValueOrDefault(id!) ?? throw ControlPlaneException.CellNotFound(id!);
        if (cell.State is CellState.Retired or CellState.Provisioning)
        {
            throw ControlPlaneException.Conflict("Cell not live", $"Cell '{cell.Id}' is {cell.State}; only live cells take a release.");
        }

        if (providers.Find(cell.Provider) is not { CanDeploy: true })
        {
            throw ControlPlaneException.BadRequest($"Cell '{cell.Id}' uses provider '{cell.Provider}', whose workload you run yourself; Cellular cannot deploy to it.");
        }

        return cell;
    }

    /// <summary>A process cell's artifact is a program on this machine: refuse one that is not there before any cell is touched.</summary>
    private static void CheckArtifact(CellRelease release, IEnumerable<Cell> cells)
    {
        if (release.Artifact is not { } artifact || !cells.Any(c => c.Provider == "process"))
        {
            return;
        }

        if (artifact.Contains('/') && !File.Exists(Path.GetFullPath(artifact)))
        {
            throw ControlPlaneException.BadRequest($"The artifact '{artifact}' does not exist on the control plane's machine; process cells run it as their program.");
        }
    }

    /// <summary>The default bake extension is the bake, but at least this, so a short bake with little traffic gets a fair chance before a person is asked.</summary>
    private const int MinDefaultExtensionSeconds = 10;

    private static int Range(int? value, int fallback, int min, int max, string field)
    {
        var result = value ?? fallback;
        return result < min || result > max
            ? throw ControlPlaneException.BadRequest($"'{field}' must be {min} to {max}, not {result}.")
            : result;
    }

    private static DeploymentApproval? Approval(string? value) => value switch
    {
        null => null,
        "none" => DeploymentApproval.None,
        "production" => DeploymentApproval.Production,
        "every-wave" => DeploymentApproval.EveryWave,
        _ => throw ControlPlaneException.BadRequest($"'approval' must be none, production or every-wave, not '{(value.Length > 40 ? value[..40] : value)}'."),
    };

    private static DeploymentGates Gates(DeploymentGatesRequest? request, DeploymentOptions settings, int bake)
    {
        var errorRate = request?.ErrorRateIncrease ?? settings.ErrorRateIncrease;
        var p99Factor = request?.P99Factor ?? settings.P99Factor;
        var p99Floor = request?.P99FloorMs ?? settings.P99FloorMs;
        if (!double.IsFinite(errorRate) || errorRate is < 0 or > 1)
        {
            throw ControlPlaneException.BadRequest($"'gates.errorRateIncrease' must be 0 to 1, not {errorRate}.");
        }

        if (!double.IsFinite(p99Factor) || p99Factor is < 1 or > 100)
        {
            throw ControlPlaneException.BadRequest($"'gates.p99Factor' must be 1 to 100, not {p99Factor}.");
        }

        if (!double.IsFinite(p99Floor) || p99Floor is < 0 or > 60_000)
        {
            throw ControlPlaneException.BadRequest($"'gates.p99FloorMs' must be 0 to 60000, not {p99Floor}.");
        }

        var minRequests = Range(request?.MinRequests, settings.MinRequests, 1, 1_000_000, "gates.minRequests");
        var extension = Range(request?.MaxBakeExtensionSeconds, settings.MaxBakeExtensionSeconds ?? Math.Max(bake, MinDefaultExtensionSeconds), 0, MaxBakeSeconds, "gates.maxBakeExtensionSeconds");
        return new DeploymentGates(errorRate, p99Factor, p99Floor, minRequests, extension);
    }

    private static string? Name(string? name) =>
        name is null ? null
        : name.Length is 0 or > 128 || name.Any(char.IsControl) ? throw ControlPlaneException.BadRequest("'name' must be 1 to 128 characters without control characters.")
        : name;
}
