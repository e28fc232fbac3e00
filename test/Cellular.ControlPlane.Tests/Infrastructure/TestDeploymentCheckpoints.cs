using System.Collections.Concurrent;
using Cellular.ControlPlane.Deployments;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// Sees every deployment checkpoint: records them and can make the workflow die at one
/// (<see cref="CrashAt"/>, once) the way a crash of the control plane would — nothing after it runs
/// until the test restarts the app.
/// </summary>
internal sealed class TestDeploymentCheckpoints : IDeploymentCheckpoint
{
    private readonly ConcurrentQueue<string> _reached = new();
    private int _crashed;

    /// <summary>The checkpoint at which the workflow throws <see cref="SimulatedCrashException"/> (once).</summary>
    public string? CrashAt { get; init; }

    /// <summary>Completes when the simulated crash happened.</summary>
    public TaskCompletionSource Crashed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<string> Reached => [.. _reached];

    public Task ReachedAsync(Deployment deployment, string checkpoint, CancellationToken cancellationToken)
    {
        _reached.Enqueue(checkpoint);
        if (checkpoint == CrashAt && Interlocked.Exchange(ref _crashed, 1) == 0)
        {
            Crashed.TrySetResult();
            throw new SimulatedCrashException(checkpoint);
        }

        return Task.CompletedTask;
    }
}
