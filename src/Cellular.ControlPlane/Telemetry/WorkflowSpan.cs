using System.Diagnostics;

namespace Cellular.ControlPlane.Telemetry;

/// <summary>
/// The span of one workflow step, ended by <c>using</c>: its <c>cellular.outcome</c> is read when
/// it ends (the state the step left in memory or in the store), so a workflow file needs only the
/// one <c>using var</c> line. A step that ends without a new state was interrupted (it threw, or
/// the control plane is stopping) and is resumed later: outcome <c>interrupted</c>, status error.
/// When nothing listens it is <see cref="None"/>: no activity, no store read.
/// </summary>
internal sealed class WorkflowSpan : IDisposable, IAsyncDisposable
{
    /// <summary>The outcome of a step that left no new state.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>The span of an untraced step: does nothing.</summary>
    public static readonly WorkflowSpan None = new(null, null, null);

    private readonly Func<SpanOutcome?>? _outcome;
    private readonly Func<Activity, Task<SpanOutcome?>>? _outcomeAsync;
    private int _ended;

    /// <summary>Wraps <paramref name="activity"/>; the outcome comes from <paramref name="outcome"/> or, on <see cref="DisposeAsync"/>, <paramref name="outcomeAsync"/>.</summary>
    public WorkflowSpan(Activity? activity, Func<SpanOutcome?>? outcome, Func<Activity, Task<SpanOutcome?>>? outcomeAsync)
    {
        Activity = activity;
        _outcome = outcome;
        _outcomeAsync = outcomeAsync;
    }

    /// <summary>The step's activity, null when it is not traced.</summary>
    public Activity? Activity { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Activity is not null)
        {
            End(_outcome?.Invoke());
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Activity is null)
        {
            return;
        }

        SpanOutcome? outcome = null;
        try
        {
            outcome = _outcomeAsync is not null ? await _outcomeAsync(Activity) : _outcome?.Invoke();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Reading the outcome must never hide what the step did; the span says it could not tell.
            Activity.AddException(e);
        }

        End(outcome);
    }

    private void End(SpanOutcome? outcome)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        var activity = Activity!;
        activity.SetTag(ControlPlaneTracing.OutcomeTag, outcome?.Value ?? Interrupted);
        if (outcome is not { Failed: false })
        {
            activity.SetStatus(ActivityStatusCode.Error, outcome?.Value ?? Interrupted);
        }

        activity.Dispose();
    }
}
