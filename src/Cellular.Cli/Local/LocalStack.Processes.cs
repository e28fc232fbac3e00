using System.Text.Json;
using Cellular.Cli.Api;

namespace Cellular.Cli.Local;

// Starting the parts: command lines, port checks and waiting for health.
public sealed partial class LocalStack
{
    private static void EnsurePortFree(int port, string part, string option)
    {
        if (!PortProbe.IsFree(port))
        {
            throw new LocalStackException(
                $"Port {port} ({part}) is already in use on {Host}. Stop whatever listens there (another `cellctl up`?) or choose another port with {option}.");
        }
    }

    private ManagedProcessStartInfo CreateControlPlaneStartInfo(int replica)
    {
        string[] arguments =
        [
            Artifacts.ControlPlane,
            "--urls", UrlText.Of(ApiUrls[replica]),
            $"--Cellular:ControlPlane:DataDir={Path.Combine(DataDirectory, "control-plane")}",
            $"--Cellular:Process:CellCommand={Artifacts.CellApp}",
            $"--Cellular:Process:DataDir={Path.Combine(DataDirectory, "cells")}",
            $"--Cellular:Process:PortBase={CellPortBase}",
            // Experiments judge their blast radius from this router's /_router/stats.
            $"--Cellular:ControlPlane:Routers:0={UrlText.Of(RouterUrl)}",
            $"--Cellular:ControlPlane:RouterTokenFile={RouterAdminTokenFile}",
            // Keys made on the first start; their tokens are written 0600 into the data dir.
            "--Cellular:ControlPlane:Auth:Bootstrap:0:Name=admin",
            "--Cellular:ControlPlane:Auth:Bootstrap:0:Role=Admin",
            $"--Cellular:ControlPlane:Auth:Bootstrap:0:TokenFile={AdminTokenFile}",
            "--Cellular:ControlPlane:Auth:Bootstrap:1:Name=router",
            "--Cellular:ControlPlane:Auth:Bootstrap:1:Role=Router",
            $"--Cellular:ControlPlane:Auth:Bootstrap:1:TokenFile={RouterTokenFile}",
            .. _options.TenantAuth == LocalTenantAuth.Jwt ? (string[])["--Cellular:ControlPlane:Auth:TenantIssuer:Enabled=true"] : [],
            .. CommandTemplateArguments(),
            .. ReplicaArguments(replica),
            .. _options.ControlPlaneArguments,
        ];
        return replica == 0
            ? CreateStartInfo("control plane", Artifacts.ControlPlane, arguments, "control-plane.log")
            : CreateStartInfo($"control plane {ReplicaId(replica)}", Artifacts.ControlPlane, arguments, $"control-plane-{ReplicaId(replica)}.log");
    }

    /// <summary>
    /// The shipped Notes template for <c>command</c> cells, when it was found: its file, the Notes.dll
    /// it runs, and the stack's cells folder and ports, so command cells sit beside process cells
    /// (and are stopped with the stack, see <see cref="CellProcessFinder"/>).
    /// </summary>
    private string[] CommandTemplateArguments() => Artifacts.CommandTemplate is { } template
        ?
        [
            $"--Cellular:Command:TemplateFiles:0={template}",
            $"--Cellular:Command:Templates:notes:Environment:NOTES_DLL={Artifacts.CellApp}",
            $"--Cellular:Command:DataDir={CellsDirectory}",
            $"--Cellular:Command:PortBase={CellPortBase}",
        ]
        : [];

    private ManagedProcessStartInfo CreateRouterStartInfo()
    {
        string[] arguments =
        [
            Artifacts.Router,
            "--urls", $"http://{Host}:{RouterPort}",
            .. ApiUrls.Select((url, i) => $"--Cellular:Router:ControlPlaneUrls:{i}={UrlText.Of(url)}"),
            $"--Cellular:Router:TableFile={Path.Combine(DataDirectory, "router", "routing-table.json")}",
            $"--Cellular:Router:ControlPlaneTokenFile={RouterTokenFile}",
            $"--Cellular:Router:AdminTokenFile={RouterAdminTokenFile}",
            .. _options.TenantAuth == LocalTenantAuth.Jwt ? TenantJwtRouterArguments() : [],
            .. _options.RouterArguments,
        ];
        return CreateStartInfo("router", Artifacts.Router, arguments, "router.log");
    }

    /// <summary>The router wants tenant JWTs from the control plane's local issuer, whose keys it reads from the anonymous JWKS endpoint.</summary>
    private string[] TenantJwtRouterArguments() =>
    [
        "--Cellular:Router:TenantAuth:Mode=Jwt",
        $"--Cellular:Router:TenantAuth:JwksUrl=http://{Host}:{ApiPort}/api/v1/auth/tenant-issuer/jwks",
        $"--Cellular:Router:TenantAuth:Issuer={TenantIssuer}",
        $"--Cellular:Router:TenantAuth:Audience={TenantAudience}",
    ];

    private ManagedProcessStartInfo CreateStartInfo(string name, string assembly, string[] arguments, string logFileName) =>
        new(name, Artifacts.DotnetPath, arguments, Path.Combine(LogDirectory, logFileName))
        {
            // The program's own folder is its content root, so its appsettings.json is found.
            WorkingDirectory = Path.GetDirectoryName(assembly),
            // The control plane starts cells with `dotnet` too: make sure it uses the same host.
            Environment = Path.IsPathRooted(Artifacts.DotnetPath)
                ? new Dictionary<string, string> { ["DOTNET_HOST_PATH"] = Artifacts.DotnetPath }
                : new Dictionary<string, string>(),
        };

    private async Task<T> StartPartAsync<T>(
        ManagedProcess part, int port, string portName, string portOption, Func<CancellationToken, Task<T>> probe, CancellationToken cancellationToken)
    {
        if (!part.HasExited)
        {
            throw new InvalidOperationException($"The {part.Name} is already running (pid {part.ProcessId}).");
        }

        EnsurePortFree(port, portName, portOption);
        Directory.CreateDirectory(DataDirectory);
        Report($"Starting the {part.Name} on port {port}…");
        try
        {
            part.Start();
        }
        catch (InvalidOperationException ex)
        {
            throw new LocalStackException(ex.Message, ex);
        }

        var health = await PollAsync($"the {part.Name} to answer its health check", _options.StartTimeout, [part], probe, cancellationToken);
        Report($"The {part.Name} is up (pid {part.ProcessId}).");
        return health;
    }

    private async Task<T> PollAsync<T>(
        string what, TimeSpan timeout, ManagedProcess[] watched, Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var lastProblem = "no answer yet";
        while (true)
        {
            foreach (var part in watched)
            {
                if (part.ProcessId is not null && part.HasExited)
                {
                    throw await ExitedAsync(part, what);
                }
            }

            try
            {
                return await attempt(linked.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException
                or ControlPlaneException or ControlPlaneUnreachableException or LocalStackException)
            {
                lastProblem = ex.Message;
            }

            try
            {
                await Task.Delay(PollInterval, _timeProvider, linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The deadline passed; report below.
            }

            if (deadline.IsCancellationRequested)
            {
                throw new LocalStackException(
                    $"Gave up waiting {timeout.TotalSeconds:0} s for {what}: {lastProblem}. Logs are in {LogDirectory}.");
            }
        }
    }

    private static async Task<LocalStackException> ExitedAsync(ManagedProcess part, string what)
    {
        var code = await part.WaitForExitAsync();
        return new LocalStackException(
            $"The {part.Name} exited with code {code} while waiting for {what}. Last lines of {part.LogFile}:{Environment.NewLine}{part.ReadLogTail()}");
    }
}
