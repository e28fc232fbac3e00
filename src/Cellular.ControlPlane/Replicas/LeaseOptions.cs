namespace Cellular.ControlPlane.Replicas;

/// <summary>
/// How long a replica's claim on a workflow lasts without a heartbeat (section
/// <c>Cellular:ControlPlane:Leases</c>): the longest a dead replica's migration, deployment or
/// experiment waits before another replica takes it over.
/// </summary>
public sealed class LeaseOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:ControlPlane:Leases";

    /// <summary>A lease not renewed for this long is free for another replica to claim.</summary>
    /// <value>Default 15 s (200 ms – 10 min).</value>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a held lease is renewed; at most a third of <see cref="Ttl"/>, so two missed heartbeats do not lose it.</summary>
    /// <value>Default none: <see cref="Ttl"/> / 3.</value>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>How often a replica looks for work whose lease expired (a dead replica's); at most <see cref="Ttl"/>.</summary>
    /// <value>Default none: <see cref="Ttl"/> / 3.</value>
    public TimeSpan? PollInterval { get; set; }

    /// <summary><see cref="HeartbeatInterval"/> or its default.</summary>
    public TimeSpan Heartbeat => HeartbeatInterval ?? Ttl / 3;

    /// <summary><see cref="PollInterval"/> or its default.</summary>
    public TimeSpan Poll => PollInterval ?? Ttl / 3;
}
