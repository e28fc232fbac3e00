using Cellular.ControlPlane.Errors;
using Cellular.Core.Api;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Providers.Commands;

// Running one target over a cell's components.
internal sealed partial class CommandCellProvider
{
    /// <summary>
    /// Runs <paramref name="target"/> of every component that has it (in order; <c>destroy</c> in
    /// reverse) and returns the last URL any of them printed.
    /// </summary>
    private async Task<string?> RunTargetAsync(
        Cell cell, CellRelease release, CommandTemplateOptions template, string target, IReadOnlyDictionary<string, string>? variables, CancellationToken cancellationToken)
    {
        var dataDirectory = DataDirectory(cell);
        var components = target == CommandTargets.Destroy ? Enumerable.Reverse(template.Components) : template.Components;
        string? printed = null;
        foreach (var component in components)
        {
            if (component.CommandFor(target) is not { } command || string.IsNullOrWhiteSpace(command))
            {
                continue;
            }

            Dictionary<string, string> environment;
            try
            {
                environment = CommandEnvironment.Build(cell, release, template, component.Name!, target, dataDirectory, keys.EncodedSecretFor(cell.Id), variables);

                // The control plane's tracing settings, unless the template sets its own: the cell's spans join the same traces.
                foreach (var (name, value) in telemetry?.Value.ToEnvironment() ?? new Dictionary<string, string>())
                {
                    environment.TryAdd(name, value);
                }
            }
            catch (ArgumentException e)
            {
                throw new CellStartException(e.Message, e);
            }

            var run = new CommandInvocation(
                cell.Id,
                component.Name!,
                target,
                command,
                Path.GetFullPath(template.Directory!),
                TimeSpan.FromSeconds(component.TimeoutSeconds),
                environment,
                LogPath(dataDirectory));
            var result = await runner.RunAsync(run, cancellationToken);
            Log.TargetRan(logger, cell.Id, run.Component, target, result.Elapsed.TotalSeconds);
            printed = CommandEndpoints.LastUrl(result.Output) ?? printed;
        }

        return printed;
    }

    /// <summary>Runs a clean-up target; a failure is logged, not thrown, so the original error is the one reported.</summary>
    private async Task TryRunAsync(Cell cell, CommandTemplateOptions template, string target, IReadOnlyDictionary<string, string> variables)
    {
        try
        {
            await RunTargetAsync(cell, cell.Release, template, target, variables, CancellationToken.None);
        }
        catch (CellStartException e)
        {
            Log.CleanupFailed(logger, e, cell.Id, target, e.Message);
        }
    }
}
