using Cellular.Core.Model;

namespace Cellular.ControlPlane.Metrics;

/// <summary>
/// Builds the service discovery answer. Jobs: <c>cellular-router</c> (<c>/metrics</c>),
/// <c>cellular-cell</c> (<c>/_cell/metrics</c>, one group per cell with its stage, region, zone and
/// version) and <c>cellular-control-plane</c> (<c>/metrics</c>). Every group has a <c>cell</c> label
/// (<c>none</c> but for cells), so <c>up</c> says which cell stopped answering.
/// </summary>
internal static class ScrapeTargets
{
    public const string RouterJob = "cellular-router";
    public const string CellJob = "cellular-cell";
    public const string ControlPlaneJob = "cellular-control-plane";
    public const string CellMetricsPath = "/_cell/metrics";
    public const string MetricsPath = "/metrics";

    public static List<ScrapeTargetGroup> Build(IEnumerable<string> routers, IEnumerable<Cell> cells, Uri self)
    {
        var groups = new List<ScrapeTargetGroup>();
        foreach (var router in routers)
        {
            if (Uri.TryCreate(router, UriKind.Absolute, out var url))
            {
                groups.Add(Group(url, RouterJob, MetricsPath, ControlPlaneMetrics.NoCell));
            }
        }

        foreach (var cell in cells.Where(c => c.State is not (CellState.Retired or CellState.Provisioning)).OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            if (cell.Endpoint is not null && Uri.TryCreate(cell.Endpoint, UriKind.Absolute, out var url))
            {
                var group = Group(url, CellJob, CellMetricsPath, cell.Id);
                var labels = (Dictionary<string, string>)group.Labels;
                labels["stage"] = cell.Stage.ToString().ToLowerInvariant();
                labels["region"] = cell.Region;
                labels["zone"] = cell.Zone;
                labels["version"] = cell.Version;
                groups.Add(group);
            }
        }

        groups.Add(Group(self, ControlPlaneJob, MetricsPath, ControlPlaneMetrics.NoCell));
        return groups;
    }

    private static ScrapeTargetGroup Group(Uri url, string job, string path, string cell)
    {
        var prefix = url.AbsolutePath.TrimEnd('/');
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["job"] = job,
            ["cell"] = cell,
            ["__scheme__"] = url.Scheme,
            ["__metrics_path__"] = prefix + path,
        };
        return new ScrapeTargetGroup([$"{url.Host}:{url.Port}"], labels);
    }
}
