using Cellular.Core.Api;

namespace Cellular.ControlPlane.Fleet;

/// <summary>Turns router window statistics into <see cref="CellSignals"/>: every rate is null without requests, never NaN.</summary>
internal static class FleetSignals
{
    public static CellSignals From(ExperimentWindowStats stats, double seconds)
    {
        if (stats.Requests <= 0)
        {
            return CellSignals.None;
        }

        var success = Math.Clamp((double)stats.Successes / stats.Requests, 0, 1);
        return new CellSignals(
            stats.Requests,
            seconds > 0 ? Round(stats.Requests / seconds) : 0,
            success,
            1 - success,
            stats.P50Ms,
            stats.P99Ms);
    }

    /// <summary>
    /// Several cells together: counts add up; p50 is the request-weighted mean of the medians and
    /// p99 the highest (percentiles cannot be added), as the routers' own merge does.
    /// </summary>
    public static CellSignals Sum(IEnumerable<CellSignals> parts, double seconds)
    {
        long requests = 0;
        double successes = 0, p50 = 0, p99 = 0;
        foreach (var part in parts)
        {
            if (part.Requests <= 0)
            {
                continue;
            }

            requests += part.Requests;
            successes += (part.SuccessRate ?? 0) * part.Requests;
            p50 += (part.P50Ms ?? 0) * part.Requests;
            p99 = Math.Max(p99, part.P99Ms ?? 0);
        }

        if (requests == 0)
        {
            return CellSignals.None;
        }

        var success = Math.Clamp(successes / requests, 0, 1);
        return new CellSignals(requests, seconds > 0 ? Round(requests / seconds) : 0, success, 1 - success, p50 / requests, p99);
    }

    /// <summary>Requests per second to three decimals: enough for a sparkline, short in JSON.</summary>
    public static double Round(double value) => Math.Round(value, 3, MidpointRounding.AwayFromZero);
}
