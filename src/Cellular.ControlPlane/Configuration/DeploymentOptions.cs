using Cellular.Core.Api;

namespace Cellular.ControlPlane.Configuration;

/// <summary>Settings of wave deployments (section <c>Cellular:ControlPlane:Deployments</c>); a request may override the per-deployment ones.</summary>
public sealed class DeploymentOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Cellular:ControlPlane:Deployments";

    /// <summary>How long each wave bakes under the gates when the request does not say.</summary>
    /// <value>Default 60 seconds.</value>
    public int BakeSeconds { get; set; } = 60;

    /// <summary>Bake of the first wave holding a <c>prod</c> cell; null = 2 × the wave's bake.</summary>
    public int? FirstProductionBakeSeconds { get; set; }

    /// <summary>Cells of one wave deployed at the same time.</summary>
    /// <value>Default 2.</value>
    public int MaxParallel { get; set; } = 2;

    /// <summary>Factor by which default waves grow within a stage (1, 2, 4, … for 2).</summary>
    /// <value>Default 2.</value>
    public int WaveGrowth { get; set; } = 2;

    /// <summary>When deployments wait for a person before a wave.</summary>
    /// <value>Default <see cref="DeploymentApproval.None"/>.</value>
    public DeploymentApproval Approval { get; set; } = DeploymentApproval.None;

    /// <summary>Default gate: largest allowed error-rate increase over the peers and the baseline (absolute).</summary>
    /// <value>Default 0.05.</value>
    public double ErrorRateIncrease { get; set; } = 0.05;

    /// <summary>Default gate: largest allowed p99 as a factor of the comparison's p99 …</summary>
    /// <value>Default 2.</value>
    public double P99Factor { get; set; } = 2;

    /// <summary>… plus this many milliseconds.</summary>
    /// <value>Default 50.</value>
    public double P99FloorMs { get; set; } = 50;

    /// <summary>Default gate: windows with fewer requests are inconclusive.</summary>
    /// <value>Default 20.</value>
    public int MinRequests { get; set; } = 20;

    /// <summary>Default longest extension of an inconclusive bake before the deployment pauses for a person; null = the wave's bake.</summary>
    public int? MaxBakeExtensionSeconds { get; set; }

    /// <summary>
    /// The first stretch of a bake the latency gate leaves out: a workload's first seconds (JIT,
    /// cold caches, first database open) are slow for any release. The error rate counts from the start.
    /// </summary>
    /// <value>Default 10 seconds.</value>
    public TimeSpan LatencyWarmup { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often baking waves are judged (and paused deployments looked at).</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan GateInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for every router to use a cell's new endpoint before the old workload is stopped anyway.</summary>
    /// <value>Default 15 seconds.</value>
    public TimeSpan SwitchTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Time given to requests already on their way to the old workload after the routers switched.</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan DrainTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The stretch of router statistics the default plan orders production cells by (lowest traffic first).</summary>
    /// <value>Default 300 seconds.</value>
    public int PlanTrafficWindowSeconds { get; set; } = 300;

    /// <summary>When waves may start; empty = any time. A wave starts only inside one of them.</summary>
    public List<DeploymentWindowOptions> Windows { get; set; } = [];

    /// <summary>URLs told (JSON POST, retried) when a deployment waits for approval, is rolled back, fails or succeeds.</summary>
    public List<DeploymentWebhookOptions> Webhooks { get; set; } = [];

    /// <summary>Crash drill: the control plane dies (once per data directory) when a deployment reaches this checkpoint (see <c>DeploymentCheckpoints</c>).</summary>
    public string? CrashAtCheckpoint { get; set; }
}

/// <summary>One allowed deployment window: days of the week and a time range in a time zone.</summary>
public sealed class DeploymentWindowOptions
{
    /// <summary>Days the window is open; empty = every day.</summary>
    public List<DayOfWeek> Days { get; set; } = [];

    /// <summary>Opening time, <c>HH:mm</c>, local to <see cref="TimeZone"/>.</summary>
    public string From { get; set; } = "00:00";

    /// <summary>Closing time, <c>HH:mm</c>, exclusive; before <see cref="From"/> means the window runs past midnight.</summary>
    public string To { get; set; } = "24:00";

    /// <summary>IANA time-zone id, e.g. <c>Europe/Berlin</c>.</summary>
    public string TimeZone { get; set; } = "UTC";
}

/// <summary>One webhook receiver.</summary>
public sealed class DeploymentWebhookOptions
{
    /// <summary>Absolute http(s) URL the event is POSTed to.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>Events sent there (<c>deployment.waiting-for-approval</c>, <c>deployment.rolled-back</c>, <c>deployment.failed</c>, <c>deployment.succeeded</c>, <c>deployment.paused</c>); empty = all.</summary>
    public List<string> Events { get; set; } = [];

    /// <summary>When set, each POST carries <c>X-Cellular-Signature: sha256={hex HMAC of the body}</c> with this secret.</summary>
    public string? Secret { get; set; }
}
