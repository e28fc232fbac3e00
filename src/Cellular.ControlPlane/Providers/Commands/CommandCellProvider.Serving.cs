using Cellular.ControlPlane.Errors;
using Cellular.Core.Model;

namespace Cellular.ControlPlane.Providers.Commands;

// Waiting until what the commands started answers as the cell (and the release).
internal sealed partial class CommandCellProvider
{
    /// <summary>
    /// Waits until <paramref name="endpoint"/> answers <c>/_cell/health</c> with 200 naming the cell
    /// and, for a release, <c>/_cell/info</c> names the cell and <paramref name="version"/>.
    /// </summary>
    private async Task WaitUntilServingAsync(Cell cell, string endpoint, string? version, CancellationToken cancellationToken)
    {
        var timeout = options.Value.HealthTimeout;
        var logPath = LogPath(DataDirectory(cell));
        var logStart = LogLength(logPath);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var last = "no answer yet";
        try
        {
            while (true)
            {
                var health = await probe.CheckHealthAsync(endpoint, linked.Token);
                if (!health.Healthy)
                {
                    last = $"GET /_cell/health: {health.Detail}";
                }
                else if (health.Cell != cell.Id)
                {
                    last = health.Cell is null ? "its health answer names no cell" : $"it answers as cell '{health.Cell}'";
                }
                else if (version is null)
                {
                    return;
                }
                else if (await probe.GetInfoAsync(cell.Id, endpoint, linked.Token) is not { } info)
                {
                    last = "GET /_cell/info gave no answer";
                }
                else if (info.Cell != cell.Id || info.Version != version)
                {
                    last = $"GET /_cell/info names cell '{info.Cell}' version {info.Version}";
                }
                else
                {
                    return;
                }

                await Task.Delay(PollInterval, time, linked.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var wanted = version is null ? $"GET {endpoint}/_cell/health with 200 naming cell '{cell.Id}'" : $"as cell '{cell.Id}' version {version} on {endpoint}";
            throw new CellStartException(
                $"It did not answer {wanted} within {timeout.TotalSeconds:0.#} s (last: {last}).{CommandRunner.Tail(logPath, logStart)}");
        }
    }
}
