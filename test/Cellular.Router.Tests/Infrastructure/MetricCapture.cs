using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Cellular.Router.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>
/// Collects the long-valued measurements of one router's meter (other routers in the test process
/// are ignored) from the moment it is created. Counters the router reports at collection time
/// (observable, cumulative) are read on <see cref="Sum"/> and counted from their value at creation,
/// so both kinds of counter read the same: what happened since the capture started.
/// </summary>
internal sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();
    private readonly ConcurrentDictionary<string, (string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> _observed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _baseline = new(StringComparer.Ordinal);
    private readonly Lock _observing = new();
    private readonly ConcurrentQueue<(string Instrument, KeyValuePair<string, object?>[] Tags)> _recordings = new();

    public MetricCapture(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RouterMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.IsObservable)
            {
                var series = Series(instrument.Name, tags);
                _observed[series] = (instrument.Name, value, tags.ToArray());
            }
            else
            {
                _measurements.Enqueue((instrument.Name, value, tags.ToArray()));
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => _recordings.Enqueue((instrument.Name, tags.ToArray())));
        _listener.Start();
        foreach (var (series, observed) in Observe())
        {
            _baseline[series] = observed.Value;
        }
    }

    /// <summary>The sum of <paramref name="instrument"/>'s measurements carrying all of <paramref name="tags"/>.</summary>
    public long Sum(string instrument, params (string Key, string Value)[] tags)
    {
        var recorded = _measurements
            .Where(m => m.Instrument == instrument && Matches(m.Tags, tags))
            .Sum(m => m.Value);
        var observed = Observe()
            .Where(o => o.Value.Instrument == instrument && Matches(o.Value.Tags, tags))
            .Sum(o => o.Value.Value - _baseline.GetValueOrDefault(o.Key));
        return recorded + observed;
    }

    /// <summary>How many double-valued measurements (histogram recordings) of <paramref name="instrument"/> carry all of <paramref name="tags"/>.</summary>
    public int Count(string instrument, params (string Key, string Value)[] tags) =>
        _recordings.Count(m => m.Instrument == instrument && Matches(m.Tags, tags));

    public void Dispose() => _listener.Dispose();

    private static bool Matches(KeyValuePair<string, object?>[] measured, (string Key, string Value)[] wanted) =>
        wanted.All(t => measured.Any(kv => kv.Key == t.Key && (kv.Value as string) == t.Value));

    private static string Series(string instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        parts.Sort(StringComparer.Ordinal);
        return instrument + "{" + string.Join(",", parts) + "}";
    }

    private List<KeyValuePair<string, (string Instrument, long Value, KeyValuePair<string, object?>[] Tags)>> Observe()
    {
        lock (_observing)
        {
            _observed.Clear();
            _listener.RecordObservableInstruments();
            return [.. _observed];
        }
    }
}
