namespace Cellular.ControlPlane.Replicas;

/// <summary>The names of the leases replicas claim: one per workflow, one per singleton.</summary>
internal static class LeaseNames
{
    public const string MigrationPrefix = "migration:";
    public const string DeploymentPrefix = "deployment:";
    public const string ExperimentPrefix = "experiment:";

    /// <summary>The migration scheduler's pass (starting Planned migrations within the per-cell limits).</summary>
    public const string MigrationScheduler = "singleton:migration-scheduler";

    /// <summary>The cell health monitor's sweep.</summary>
    public const string HealthMonitor = "singleton:health-monitor";

    public static string Migration(string id) => MigrationPrefix + id;

    public static string Deployment(string id) => DeploymentPrefix + id;

    public static string Experiment(string id) => ExperimentPrefix + id;
}
