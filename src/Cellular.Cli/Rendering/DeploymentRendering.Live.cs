using System.Globalization;
using Cellular.Core.Api;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Cellular.Cli.Rendering;

// The live view of a watched deployment, the lines that stand in for it in logs, and its outcome.
internal static partial class DeploymentRendering
{
    private const int LiveEvidenceRows = 5;

    /// <summary>
    /// The live view: header (id, version, state, reason), the bake countdown of the baking wave,
    /// the waves × cells grid and the newest gate decisions.
    /// </summary>
    public static IRenderable BuildLive(Deployment deployment, DateTimeOffset now)
    {
        var rows = new List<IRenderable>
        {
            new Markup($"Deployment {Title(deployment)}{(deployment.Name is { Length: > 0 } name ? " " + Markup.Escape(name) : string.Empty)}: {Styles.State(deployment.State)}{Requested(deployment)}"),
        };
        if (deployment.Reason is { Length: > 0 } reason)
        {
            rows.Add(new Markup($"[grey]Reason:[/] {Markup.Escape(reason)}"));
        }

        foreach (var wave in deployment.Waves.Where(w => w.State == DeploymentWaveState.Baking))
        {
            rows.Add(new Markup(BakeLine(wave, now)));
        }

        rows.Add(BuildPlan(deployment, now));
        if (deployment.Evidence.Count > 0)
        {
            rows.Add(new Markup("[bold]Latest gate evidence[/]"));
            rows.Add(BuildEvidence([.. deployment.Evidence.Skip(Math.Max(0, deployment.Evidence.Count - LiveEvidenceRows))], detail: true));
        }

        if (Hint(deployment) is { } hint)
        {
            rows.Add(new Markup(hint));
        }

        return new Rows(rows);
    }

    /// <summary>E.g. <c>Wave 2 bakes: 4m12s left (ends 12:10:00Z)</c>.</summary>
    public static string BakeLine(DeploymentWave wave, DateTimeOffset now)
    {
        var ends = wave.BakeEndsAt is { } at ? $" [grey](ends {Styles.Time(at)})[/]" : string.Empty;
        return $"[blue]Wave {WaveNumber(wave.Index)} bakes:[/] {BakeLeft(wave, now) ?? Styles.Duration(TimeSpan.FromSeconds(wave.BakeSeconds))}{ends}";
    }

    /// <summary>E.g. <c>wave 2 Baking: c2, c3</c>, for the line-per-change output.</summary>
    public static string WaveLine(DeploymentWave wave)
    {
        var line = $"  wave {WaveNumber(wave.Index)} {Styles.State(wave.State)}: {Markup.Escape(string.Join(", ", wave.Cells))}";
        if (wave.State == DeploymentWaveState.Baking && wave.BakeEndsAt is { } ends)
        {
            line += $" [grey](bake {Styles.Duration(TimeSpan.FromSeconds(wave.BakeSeconds))}, ends {Styles.Time(ends)})[/]";
        }

        if (wave.Waiting is { Length: > 0 } waiting && wave.State is DeploymentWaveState.Pending or DeploymentWaveState.WaitingForApproval)
        {
            line += $" [yellow]{Markup.Escape(waiting)}[/]";
        }

        return line;
    }

    /// <summary>The end of a watch: whether the release made it, the report, and the exit code a script sees.</summary>
    public static void WriteOutcome(IAnsiConsole output, IAnsiConsole error, Deployment deployment, int exitCode)
    {
        if (deployment.State == DeploymentState.Succeeded)
        {
            output.MarkupLine(
                $"Deployment {Title(deployment)} [green]Succeeded[/]: {Markup.Escape(deployment.Version)} runs on "
                + $"{string.Create(CultureInfo.InvariantCulture, $"{deployment.Cells.Count(c => c.State == DeploymentCellState.Deployed)} of {deployment.Cells.Count}")} planned cells.");
        }
        else
        {
            // A release that did not make it is an error: its reason goes to stderr, where scripts look.
            var why = deployment.Reason is { Length: > 0 } reason ? $": {Markup.Escape(reason)}" : ".";
            error.MarkupLine($"Deployment {Title(deployment)} {Styles.State(deployment.State)}{why} [grey](exit code {exitCode})[/]");
        }

        if (deployment.Report is { } report)
        {
            WriteReport(output, report);
        }
    }
}
