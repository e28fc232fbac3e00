using System.Collections.Concurrent;
using Cellular.ControlPlane.Migrations;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>
/// Sees every migration checkpoint: records them, runs <see cref="OnReached"/>, and can make the
/// workflow die at one (<see cref="CrashAt"/>) the way a crash of the control plane would — nothing
/// after it runs — or hold a migration at one until the test releases it (<see cref="Gate"/>).
/// </summary>
internal sealed class TestCheckpoints : IMigrationCheckpoint
{
    private readonly ConcurrentQueue<string> _reached = new();
    private int _crashed;

    /// <summary>The checkpoint at which the workflow throws <see cref="SimulatedCrashException"/> (once).</summary>
    public string? CrashAt { get; init; }

    /// <summary>Completes when the simulated crash happened.</summary>
    public TaskCompletionSource Crashed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs at every checkpoint, before a crash.</summary>
    public Func<Migration, string, CancellationToken, Task>? OnReached { get; set; }

    public IReadOnlyList<string> Reached => [.. _reached];

    /// <summary>Holds migrations at <paramref name="checkpoint"/> until the gate is released (or their run is cancelled).</summary>
    public CheckpointGate Gate(string checkpoint)
    {
        var gate = new CheckpointGate(checkpoint);
        OnReached = gate.PassAsync;
        return gate;
    }

    public async Task ReachedAsync(Migration migration, string checkpoint, CancellationToken cancellationToken)
    {
        _reached.Enqueue(checkpoint);
        if (OnReached is { } onReached)
        {
            await onReached(migration, checkpoint, cancellationToken);
        }

        if (checkpoint == CrashAt && Interlocked.Exchange(ref _crashed, 1) == 0)
        {
            Crashed.TrySetResult();
            throw new SimulatedCrashException(checkpoint);
        }
    }
}

/// <summary>Holds migrations at one checkpoint.</summary>
internal sealed class CheckpointGate(string checkpoint)
{
    public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task PassAsync(Migration migration, string reached, CancellationToken cancellationToken)
    {
        if (reached != checkpoint)
        {
            return;
        }

        Arrived.TrySetResult();
        await Released.Task.WaitAsync(cancellationToken);
    }
}

/// <summary>Thrown at a checkpoint to stop the workflow dead, like a process crash.</summary>
internal sealed class SimulatedCrashException(string checkpoint) : Exception($"Simulated crash at {checkpoint}.");
