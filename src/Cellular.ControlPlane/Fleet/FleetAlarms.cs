using System.Globalization;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Fleet;

/// <summary>
/// The alarms of a fleet row (see <see cref="FleetAlarm"/>): what an operator should look at first.
/// Traffic alarms compare a cell with the median of its peers (the other Active cells with
/// requests; an error rate with none, with 0) and need enough requests to mean something.
/// </summary>
internal static class FleetAlarms
{
    public const string Unhealthy = "unhealthy";
    public const string ErrorRate = "error-rate";
    public const string P99 = "p99";
    public const string Quarantined = "quarantined";
    public const string NoTrafficData = "no-traffic-data";

    /// <summary>Fewer requests in the window than this never raise a traffic alarm.</summary>
    public const int MinRequests = 20;

    /// <summary>How far above its peers' median error rate a cell may be.</summary>
    public const double ErrorRateMargin = 0.05;

    /// <summary>How many times its peers' median p99 (plus <see cref="P99FloorMs"/>) a cell may take.</summary>
    public const double P99Factor = 2;

    public const double P99FloorMs = 50;

    public static IReadOnlyList<string> Kinds { get; } = [Unhealthy, ErrorRate, P99, Quarantined, NoTrafficData];

    public static List<FleetAlarm> Of(CellState state, string health, string? healthError, CellSignals signals, CellSignals peers, int peerCount, FleetSample sample)
    {
        var alarms = new List<FleetAlarm>();
        if (state == CellState.Unhealthy)
        {
            alarms.Add(new FleetAlarm(Unhealthy, "critical", healthError is null ? "The cell is Unhealthy: the health monitor took it out of rotation." : $"The cell is Unhealthy: {healthError}"));
        }
        else if (health == "failing")
        {
            alarms.Add(new FleetAlarm(Unhealthy, "critical", $"Health probes are failing: {healthError ?? "no answer"}"));
        }

        if (state == CellState.Quarantined)
        {
            alarms.Add(new FleetAlarm(Quarantined, "warning", "The cell is quarantined: its tenants get 503 until it is activated."));
        }

        if (sample.RoutersConfigured && !sample.StatsAvailable && state is CellState.Active or CellState.Draining)
        {
            alarms.Add(new FleetAlarm(NoTrafficData, "warning", $"No traffic data: {sample.StatsError}"));
        }

        if (signals.Requests >= MinRequests && signals.ErrorRate is { } errors)
        {
            // A cell failing alone with no peer traffic to compare is still failing: compare with 0.
            if (peerCount > 0 && peers.ErrorRate is { } peerErrors)
            {
                if (errors > peerErrors + ErrorRateMargin)
                {
                    alarms.Add(new FleetAlarm(ErrorRate, "critical", Text($"Error rate {errors:P1} over {signals.Requests} requests; its {peerCount} peers' median is {peerErrors:P1}.")));
                }
            }
            else if (errors > ErrorRateMargin)
            {
                alarms.Add(new FleetAlarm(ErrorRate, "critical", Text($"Error rate {errors:P1} over {signals.Requests} requests; no peer had traffic to compare with.")));
            }
        }

        if (signals.Requests >= MinRequests && peerCount > 0)
        {
            if (signals.P99Ms is { } p99 && peers.P99Ms is { } peerP99 && p99 > (P99Factor * peerP99) + P99FloorMs)
            {
                alarms.Add(new FleetAlarm(P99, "warning", Text($"p99 {p99:0.#} ms over {signals.Requests} requests; its {peerCount} peers' median is {peerP99:0.#} ms (alarm above {(P99Factor * peerP99) + P99FloorMs:0.#} ms).")));
            }
        }

        return alarms;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
