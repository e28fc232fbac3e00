using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Metrics;

/// <summary>
/// The cell's own view of the app's requests, on meter <c>Cellular.Cell</c> (exported at
/// <c>GET /_cell/metrics</c>): what the app answered and how long it took, with the <c>cell</c>
/// label and nothing per tenant, so the number of series is fixed whatever the traffic. The
/// router measures the same requests from outside; the two disagree when the network or the
/// router is the problem.
/// </summary>
internal sealed class CellMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Cellular.Cell";

    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly KeyValuePair<string, object?> _cell;

    /// <summary>Creates the instruments.</summary>
    public CellMetrics(IMeterFactory meterFactory, IOptions<CellOptions> options)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(options);
        _cell = new("cell", options.Value.Id);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>(
            "cellular.cell.requests",
            unit: "{request}",
            description: "App requests the cell answered (not /_cell/*), by outcome: success (below 400), client_error (4xx but 421), misdirected (421: the tenant is not served here), server_error (5xx).");
        _duration = meter.CreateHistogram(
            "cellular.cell.request.duration",
            unit: "s",
            description: "Time the cell took to answer an app request, by cell.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>Records one finished app request.</summary>
    public void RequestFinished(int status, TimeSpan duration)
    {
        if (_requests.Enabled)
        {
            _requests.Add(1, _cell, new KeyValuePair<string, object?>("outcome", Outcome(status)));
        }

        if (_duration.Enabled)
        {
            _duration.Record(duration.TotalSeconds, _cell);
        }
    }

    /// <summary>The outcome label of a status code.</summary>
    public static string Outcome(int status) => status switch
    {
        >= 500 => "server_error",
        421 => "misdirected",
        >= 400 => "client_error",
        _ => "success",
    };
}
