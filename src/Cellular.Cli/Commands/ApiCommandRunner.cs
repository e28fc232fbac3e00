using System.CommandLine;
using System.Net;
using Cellular.Cli.Api;
using Cellular.Cli.Rendering;

namespace Cellular.Cli.Commands;

/// <summary>
/// Runs a command's body against the control plane named by <c>--api</c> and turns the two
/// kinds of failure (error answer, no answer) into a red message and exit code 1. Every call
/// carries the key <see cref="CommonOptions.Credential"/> finds; a refusal (401/403) says which key
/// was refused and how to give another.
/// </summary>
internal sealed class ApiCommandRunner(CommonOptions options)
{
    public CommonOptions Options { get; } = options;

    public CliContext Context => Options.Context;

    /// <summary>Runs <paramref name="body"/>; returns its exit code, or 1 when the control plane failed or did not answer.</summary>
    public async Task<int> RunAsync(ParseResult parseResult, Func<ControlPlaneClient, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        var apiUrl = parseResult.GetRequiredValue(Options.Api);
        using var client = new ControlPlaneClient(apiUrl, Options.Credential(parseResult));
        try
        {
            return await body(client, cancellationToken);
        }
        catch (ControlPlaneException ex) when (ex.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            ErrorRendering.WriteRefused(Context.Error, ex, client.Credential);
            return 1;
        }
        catch (ControlPlaneException ex)
        {
            ErrorRendering.Write(Context.Error, ex);
            return 1;
        }
        catch (ControlPlaneUnreachableException ex)
        {
            ErrorRendering.Write(Context.Error, ex);
            return 1;
        }
    }

    /// <summary>Same as <see cref="RunAsync(ParseResult, Func{ControlPlaneClient, CancellationToken, Task{int}}, CancellationToken)"/> for bodies that always succeed.</summary>
    public Task<int> RunAsync(ParseResult parseResult, Func<ControlPlaneClient, CancellationToken, Task> body, CancellationToken cancellationToken) =>
        RunAsync(
            parseResult,
            async (client, ct) =>
            {
                await body(client, ct);
                return 0;
            },
            cancellationToken);
}
