using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Fleet;

/// <summary>
/// Orders fleet rows by one of <see cref="FleetQuery.SortKeys"/>. Rows without data (no requests)
/// come last in either direction, so "highest p99 first" never starts with empty rows; ties go by id.
/// </summary>
internal static class FleetSorting
{
    public static void Sort(List<FleetRow> rows, string key, bool descending)
    {
        Func<FleetRow, double?>? number = key switch
        {
            "tenants" => r => r.Tenants,
            "load" => r => r.Load,
            "utilisation" => r => r.Capacity <= 0 ? null : (double)r.Load / r.Capacity,
            "rps" => r => r.Signals.Requests > 0 ? r.Signals.RequestsPerSecond : null,
            "successRate" => r => r.Signals.SuccessRate,
            "p50" => r => r.Signals.P50Ms,
            "p99" => r => r.Signals.P99Ms,
            "alarms" => r => Severity(r),
            "state" => r => (double)StateOrder(r.State),
            "stage" => r => (double)r.Stage,
            "health" => r => r.Health switch { "failing" => 0, "unknown" => 1, _ => 2 },
            _ => null,
        };
        Func<FleetRow, string>? text = key switch
        {
            "version" => r => r.Version,
            _ => null,
        };

        int Compare(FleetRow a, FleetRow b)
        {
            int order;
            if (number is not null)
            {
                var (x, y) = (number(a), number(b));
                if (x is null || y is null)
                {
                    // No data last, whatever the direction.
                    order = x is null && y is null ? 0 : x is null ? 1 : -1;
                    return order != 0 ? order : string.CompareOrdinal(a.Id, b.Id);
                }

                order = x.Value.CompareTo(y.Value);
            }
            else if (text is not null)
            {
                order = string.CompareOrdinal(text(a), text(b));
            }
            else
            {
                order = 0;
            }

            if (order == 0)
            {
                order = string.CompareOrdinal(a.Id, b.Id);
                return descending && key == "id" ? -order : order;
            }

            return descending ? -order : order;
        }

        rows.Sort(Compare);
    }

    /// <summary>Critical alarms weigh more than any number of warnings.</summary>
    private static double Severity(FleetRow row) =>
        row.Alarms.Sum(a => a.Severity == "critical" ? 1000 : 1);

    /// <summary>States sort in their lifecycle order (Provisioning, Active, Draining, Unhealthy, Quarantined).</summary>
    private static int StateOrder(CellState state) => (int)state;
}
