using System.Globalization;

namespace Cellular.Simulation;

/// <summary>Prints reports for people: per-invariant passes, speed, totals, and how to replay each failure.</summary>
internal sealed class ReportWriter(TextWriter output)
{
    public void Write(SimulationReport report, SimulationProfile profile)
    {
        foreach (var invariant in InvariantNames.Checked)
        {
            Line($"{InvariantNames.Of(invariant),-62} {report.Passed[invariant]}/{report.Runs} runs hold");
        }

        if (report.Passed[Invariant.Model] != report.Runs)
        {
            Line($"{"model errors (bugs of the simulation itself)",-62} in {report.Runs - report.Passed[Invariant.Model]} runs");
        }

        Line($"{report.Runs} runs in {report.Elapsed.TotalSeconds:0.0} s: {report.RunsPerSecond:0.0} runs/s, {report.Events / Math.Max(1, report.Elapsed.TotalSeconds):0} events/s, {report.Events} events");
        Line($"writes acknowledged: {report.WritesAcknowledged}; migrations: {string.Join(", ", report.Migrations.OrderBy(m => m.Key).Select(m => $"{m.Key} {m.Value}"))}");
        if (report.AllPassed)
        {
            Line("All invariants held.");
            return;
        }

        Line($"FAILED: {report.FailedRuns} of {report.Runs} runs broke an invariant (the first {report.Failures.Count} below).");
        foreach (var failure in report.Failures)
        {
            WriteRun(failure, profile);
        }
    }

    public void WriteRun(RunResult result, SimulationProfile profile)
    {
        if (result.Passed)
        {
            Line($"seed {result.Seed}: all invariants held ({result.Events} events, {result.WritesAcknowledged} writes acknowledged, migrations: {string.Join(", ", result.Migrations.OrderBy(m => m.Key).Select(m => $"{m.Key} {m.Value}"))}).");
            return;
        }

        Line($"seed {result.Seed}: VIOLATED");
        foreach (var violation in result.Violations)
        {
            Line("  " + violation);
        }

        Line("  replay: " + profile.ReplayCommand(result.Seed));
    }

    private void Line(FormattableString line) => output.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    private void Line(string line) => output.WriteLine(line);
}
