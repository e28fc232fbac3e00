namespace Cellular.ControlPlane.Hosting;

/// <summary>
/// Identity of this control-plane process, reported by the health endpoint. <see cref="ReplicaId"/>
/// names it among the replicas sharing one store: it owns the leases this process holds.
/// </summary>
internal sealed record ControlPlaneInstance(int ProcessId, DateTimeOffset StartedAt, string ReplicaId)
{
    /// <summary><c>{host}-{pid}-{random}</c>: unique across restarts, so a restarted replica never mistakes a lease of its previous life for its own.</summary>
    public static string DefaultReplicaId(int processId) =>
        $"{Environment.MachineName.ToLowerInvariant()}-{processId}-{Random.Shared.Next(0x10000):x4}";
}
