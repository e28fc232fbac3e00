using System.Diagnostics;
using Cellular.ControlPlane.Migrations;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Telemetry;

/// <summary>
/// The control plane's workflow spans, on activity source <c>Cellular.ControlPlane</c>: a
/// migration and each of its phases, each deployment step (wave deploy, bake check, wave failure,
/// rollback, end) and each cell's deploy or rollback, and an experiment's begin and end. Every span
/// names its workflow (<c>migration.id</c>, <c>deployment.id</c>, <c>experiment.id</c>), the cells
/// (<c>cell.id</c>) and, for migrations, the tenant (<c>tenant.id</c>), and ends with the state
/// the step left (<c>cellular.outcome</c>). The calls the step makes to cells are its children,
/// and so are the cells' server spans. When nothing listens no activity is made.
/// </summary>
internal static class ControlPlaneTracing
{
    /// <summary>The activity source name to subscribe to.</summary>
    public const string SourceName = "Cellular.ControlPlane";

    /// <summary>The cell the step is about; several cells are joined by commas.</summary>
    public const string CellTag = "cell.id";

    /// <summary>The tenant a migration moves.</summary>
    public const string TenantTag = "tenant.id";

    /// <summary>The migration.</summary>
    public const string MigrationTag = "migration.id";

    /// <summary>The deployment.</summary>
    public const string DeploymentTag = "deployment.id";

    /// <summary>The experiment.</summary>
    public const string ExperimentTag = "experiment.id";

    /// <summary>The state a step left (or <c>interrupted</c>).</summary>
    public const string OutcomeTag = "cellular.outcome";

    /// <summary>The source of the control plane's spans.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The span of a whole migration run, from its recorded step to its end or interruption; <c>cell.id</c> is the source cell.</summary>
    public static WorkflowSpan Migration(MigrationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Start("migration", run.Migration) is not { } activity)
        {
            return WorkflowSpan.None;
        }

        return new WorkflowSpan(activity, () => run.Migration.State.IsTerminal() ? MigrationOutcome(run.Migration.State) : null, null);
    }

    /// <summary>The span of the migration's current phase (<c>migration.copying</c>, <c>migration.cutover</c>, …); its outcome is the phase it led to.</summary>
    public static WorkflowSpan MigrationPhase(MigrationRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var phase = run.Migration.State;
        if (Start("migration." + phase.ToString().ToLowerInvariant(), run.Migration) is not { } activity)
        {
            return WorkflowSpan.None;
        }

        activity.SetTag("cellular.migration.phase", phase.ToString());
        return new WorkflowSpan(activity, () => run.Migration.State != phase ? MigrationOutcome(run.Migration.State) : null, null);
    }

    /// <summary>
    /// The span of deployment step <paramref name="step"/> (<c>deployment.wave.deploy</c>, …) of
    /// <paramref name="wave"/>; its outcome is the wave's (or the deployment's) state afterwards.
    /// </summary>
    public static WorkflowSpan DeploymentStep(string step, Deployment deployment, DeploymentWave? wave, IStoreDatabase database, DeploymentStore deployments)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (!Source.HasListeners() || Source.StartActivity("deployment." + step) is not { } activity)
        {
            return WorkflowSpan.None;
        }

        activity.SetTag(DeploymentTag, deployment.Id);
        activity.SetTag("cellular.deployment.version", deployment.Version);
        if (wave is not null)
        {
            activity.SetTag("cellular.deployment.wave", wave.Index);
            activity.SetTag(CellTag, string.Join(",", wave.Cells));
        }

        return new WorkflowSpan(activity, null, async _ =>
        {
            var now = (await database.ReadAsync(tx => deployments.GetAsync(tx, deployment.Id), CancellationToken.None))?.Deployment;
            if (now is null)
            {
                return null;
            }

            var waveState = wave is null ? null : now.Waves.FirstOrDefault(w => w.Index == wave.Index)?.State;
            return waveState is { } state
                ? new SpanOutcome(state.ToString(), state == DeploymentWaveState.Failed || now.State is DeploymentState.Failed)
                : new SpanOutcome(now.State.ToString(), now.State is DeploymentState.Failed or DeploymentState.RolledBack or DeploymentState.Aborted);
        });
    }

    /// <summary>The span of one cell's deploy (or rollback) in a deployment; its outcome is the cell's step state afterwards.</summary>
    public static WorkflowSpan DeploymentCell(string deploymentId, string cellId, bool rollback, IStoreDatabase database, DeploymentStore deployments)
    {
        if (!Source.HasListeners() || Source.StartActivity(rollback ? "deployment.cell.rollback" : "deployment.cell.deploy") is not { } activity)
        {
            return WorkflowSpan.None;
        }

        activity.SetTag(DeploymentTag, deploymentId);
        activity.SetTag(CellTag, cellId);
        return new WorkflowSpan(activity, null, async _ =>
        {
            var now = (await database.ReadAsync(tx => deployments.GetAsync(tx, deploymentId), CancellationToken.None))?.Deployment;
            var cell = now?.Cells.FirstOrDefault(c => c.Cell == cellId);
            return cell is null ? null : new SpanOutcome(cell.State.ToString(), cell.State == DeploymentCellState.Failed || cell.Error is not null);
        });
    }

    /// <summary>The span of experiment phase <paramref name="phase"/> (<c>experiment.begin</c>, <c>experiment.end</c>); its outcome is the experiment's state afterwards.</summary>
    public static WorkflowSpan Experiment(string phase, string experimentId, IStoreDatabase database, ExperimentStore experiments)
    {
        if (!Source.HasListeners() || Source.StartActivity("experiment." + phase) is not { } activity)
        {
            return WorkflowSpan.None;
        }

        activity.SetTag(ExperimentTag, experimentId);
        return new WorkflowSpan(activity, null, async span =>
        {
            var now = (await database.ReadAsync(tx => experiments.GetAsync(tx, experimentId), CancellationToken.None))?.Experiment;
            if (now is null)
            {
                return null;
            }

            span.SetTag(CellTag, string.Join(",", now.Targets));
            span.SetTag("cellular.fault.kind", now.Fault.Kind.ToString());
            return new SpanOutcome(now.State.ToString(), now.State is ExperimentState.Failed or ExperimentState.Aborted);
        });
    }

    private static Activity? Start(string name, Migration migration)
    {
        if (!Source.HasListeners() || Source.StartActivity(name) is not { } activity)
        {
            return null;
        }

        activity.SetTag(MigrationTag, migration.Id);
        activity.SetTag(TenantTag, migration.Tenant);
        activity.SetTag(CellTag, migration.From);
        activity.SetTag("cellular.migration.target", migration.To);
        return activity;
    }

    private static SpanOutcome MigrationOutcome(MigrationState state) =>
        new(state.ToString(), state is MigrationState.Aborted or MigrationState.Failed);
}
