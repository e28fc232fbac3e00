using System.Diagnostics;
using System.Diagnostics.Metrics;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Metrics;

/// <summary>
/// The control plane's instruments, on meter <c>Cellular.ControlPlane</c> (exported at
/// <c>/metrics</c>): what the registry, the health monitor, the migrations and the deployments say
/// about each cell, for the shipped alert rules and dashboard. Every series carries a <c>cell</c>
/// tag (<c>none</c> for fleet-wide ones); all are observed from the <see cref="RegistryMetricsSampler"/>'s
/// snapshot, so they cost nothing between scrapes, and their number is bounded by the live cells.
/// </summary>
internal sealed class ControlPlaneMetrics
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Cellular.ControlPlane";

    /// <summary>The <c>cell</c> value of fleet-wide series.</summary>
    public const string NoCell = "none";

    private const string CellTag = "cell";

    private static readonly string[] States = [.. Enum.GetNames<CellState>().Select(s => s.ToLowerInvariant())];

    private readonly RegistryMetricsSampler _sampler;

    /// <summary>Creates the instruments.</summary>
    public ControlPlaneMetrics(IMeterFactory meterFactory, RegistryMetricsSampler sampler)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _sampler = sampler;
        var meter = meterFactory.Create(MeterName);

        meter.CreateObservableGauge(
            "cellular.controlplane.cell.up",
            () => Cells().Where(c => c.Up is not null).Select(c => new Measurement<int>(c.Up!.Value, Cell(c.Cell))),
            unit: "{cell}",
            description: "1 when the health monitor's last probe of the cell succeeded, 0 when it failed (no series before the first probe).");
        meter.CreateObservableGauge(
            "cellular.controlplane.cell.state",
            ObserveStates,
            unit: "{cell}",
            description: "1 for the cell's registry state (provisioning, active, draining, unhealthy, quarantined), 0 for the others.");
        meter.CreateObservableGauge(
            "cellular.controlplane.cell.info",
            () => Cells().Select(c => new Measurement<int>(1, new TagList { { CellTag, c.Cell }, { "stage", c.Stage }, { "region", c.Region }, { "zone", c.Zone }, { "version", c.Version } })),
            unit: "{cell}",
            description: "Always 1; the cell's stage, region, zone and version as labels, to join on.");
        meter.CreateObservableGauge(
            "cellular.controlplane.cell.tenants",
            () => Cells().Select(c => new Measurement<int>(c.Tenants, Cell(c.Cell))),
            unit: "{tenant}",
            description: "Tenants placed in the cell.");
        meter.CreateObservableGauge(
            "cellular.controlplane.cell.load",
            () => Cells().Select(c => new Measurement<long>(c.Load, Cell(c.Cell))),
            unit: "{weight}",
            description: "Sum of the weights of the cell's tenants.");
        meter.CreateObservableGauge(
            "cellular.controlplane.cell.capacity",
            () => Cells().Select(c => new Measurement<int>(c.Capacity, Cell(c.Cell))),
            unit: "{weight}",
            description: "Weight units the cell may hold.");
        meter.CreateObservableGauge(
            "cellular.controlplane.migrations.in_flight",
            () => _sampler.Current.Migrations.Select(m => new Measurement<int>(m.Count, Phase(m))),
            unit: "{migration}",
            description: "Migrations moving data off the cell (Copying to Switched; Planned and Soak are not counted), by phase.");
        meter.CreateObservableGauge(
            "cellular.controlplane.migration.oldest_age",
            () => _sampler.Current.Migrations.Select(m => new Measurement<double>(m.OldestAgeSeconds, Phase(m))),
            unit: "s",
            description: "Age of the oldest migration moving data off the cell, by phase.");
        meter.CreateObservableGauge(
            "cellular.controlplane.migration.stalled",
            () => _sampler.Current.Migrations.Select(m => new Measurement<double>(m.StalledSeconds, Phase(m))),
            unit: "s",
            description: "Longest time a migration moving data off the cell went without a change, by phase: a stuck migration grows it.");
        meter.CreateObservableCounter(
            "cellular.controlplane.deployments.ended",
            () => _sampler.Current.DeploymentsEnded.Select(e => new Measurement<long>(e.Value, new TagList { { CellTag, NoCell }, { "outcome", e.Key } })),
            unit: "{deployment}",
            description: "Deployments that ended, by outcome (succeeded, rolled_back, failed, aborted).");
        meter.CreateObservableCounter(
            "cellular.controlplane.deployment.rollbacks",
            () => _sampler.Current.CellRollbacks.Select(e => new Measurement<long>(e.Value, Cell(e.Key))),
            unit: "{rollback}",
            description: "Times a deployment put the cell back on its previous release after a failed gate.");
    }

    private IEnumerable<CellMetricsRow> Cells() => _sampler.Current.Cells;

    private IEnumerable<Measurement<int>> ObserveStates()
    {
        foreach (var cell in Cells())
        {
            foreach (var state in States)
            {
                if (state != "retired")
                {
                    yield return new Measurement<int>(state == cell.State ? 1 : 0, new TagList { { CellTag, cell.Cell }, { "state", state } });
                }
            }
        }
    }

    private static KeyValuePair<string, object?> Cell(string cell) => new(CellTag, cell);

    private static TagList Phase(MigrationMetricsRow row) => new() { { CellTag, row.Cell }, { "phase", row.Phase } };
}
