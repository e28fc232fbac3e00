using System.Collections.Concurrent;
using System.Diagnostics;

namespace Cellular.Router.Tests.Tracing;

/// <summary>
/// Records the spans of one trace: the router's and the HTTP client's, for requests that carry
/// this recorder's <see cref="TraceId"/> in their <c>traceparent</c>. Other tests' requests in the
/// same process are not sampled, so they stay untraced.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Cellular.Router" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == TraceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = Stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ActivityTraceId TraceId { get; } = ActivityTraceId.CreateRandom();

    /// <summary>The client's own span id, the parent it names in <c>traceparent</c>.</summary>
    public ActivitySpanId ClientSpanId { get; } = ActivitySpanId.CreateRandom();

    /// <summary>The <c>traceparent</c> of a client whose trace is sampled.</summary>
    public string TraceParent => $"00-{TraceId}-{ClientSpanId}-01";

    public ConcurrentQueue<Activity> Stopped { get; } = new();

    /// <summary>The one stopped router span of this trace.</summary>
    public Activity RouteSpan() => Assert.Single(Stopped, a => a.Source.Name == "Cellular.Router");

    public void Dispose() => _listener.Dispose();
}
