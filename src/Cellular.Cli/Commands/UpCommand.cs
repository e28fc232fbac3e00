using System.CommandLine;
using Cellular.Cli.Api;
using Cellular.Cli.Local;
using Cellular.Cli.Rendering;
using Spectre.Console;

namespace Cellular.Cli.Commands;

/// <summary>
/// <c>cellctl up</c>: runs control plane, router and N cells on this machine until Ctrl+C,
/// through <see cref="LocalStack"/>.
/// </summary>
internal static class UpCommand
{
    public static Command Create(CommonOptions common)
    {
        var context = common.Context;
        var defaults = new LocalStackOptions();
        var cells = PortLikeOption("--cells", "How many cells to run (existing ones are reused).", defaults.Cells, minimum: 0, maximum: 100);
        // --data-dir is the global option: the other commands read the admin key from the same place.
        var dataDirectory = common.DataDirectory;
        var tenantAuth = new Option<string>("--tenant-auth")
        {
            Description = "none: the router trusts the tenant key clients send; jwt: it wants a tenant JWT from the control plane's local issuer (cellctl tokens issue --tenant T).",
            HelpName = "mode",
            DefaultValueFactory = _ => "none",
        };
        tenantAuth.AcceptOnlyFromAmong("none", "jwt");
        var routerPort = PortLikeOption("--router-port", "Router port on 127.0.0.1.", defaults.RouterPort, minimum: 1, maximum: 65535);
        var apiPort = PortLikeOption("--api-port", "Control plane API port on 127.0.0.1.", defaults.ApiPort, minimum: 1, maximum: 65535);
        var cellPortBase = PortLikeOption("--cell-port-base", "First port tried for cells.", defaults.CellPortBase, minimum: 1, maximum: 65535);
        var otlpEndpoint = new Option<string?>("--otlp-endpoint")
        {
            Description = "Export traces of the control plane, the router and every cell to this OTLP collector (e.g. http://127.0.0.1:4318, OTLP/HTTP); the control plane passes it to the cells it starts. Off when not given.",
            HelpName = "url",
        };
        var store = new Option<string>("--store")
        {
            Description = "Where the control plane keeps its truth: sqlite (a file in the data dir) or postgres (a PostgreSQL server run from this machine's binaries in {data-dir}/postgres, or --store-connection).",
            HelpName = "provider",
            DefaultValueFactory = _ => LocalStack.Sqlite,
        };
        store.AcceptOnlyFromAmong(LocalStack.Sqlite, LocalStack.Postgres);
        var storeConnection = new Option<string?>("--store-connection")
        {
            Description = "With --store postgres: the Npgsql connection string of an existing database, instead of running a PostgreSQL server.",
            HelpName = "connection-string",
        };
        var storePort = PortLikeOption("--store-port", "With --store postgres: the port of the PostgreSQL server cellctl runs (0 = a free one).", defaults.StorePort, minimum: 0, maximum: 65535);
        var controlPlanes = PortLikeOption(
            "--control-planes",
            $"Control-plane replicas on --api-port, --api-port + 1, … (more than one needs --store postgres); the router is given them all.",
            defaults.ControlPlanes,
            minimum: 1,
            maximum: LocalStack.MaxControlPlanes);
        var command = new Command("up", "Run the local stack: control plane(s), router and cells, until Ctrl+C.")
        {
            cells, routerPort, apiPort, cellPortBase, tenantAuth, otlpEndpoint, store, storeConnection, storePort, controlPlanes,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            string[] telemetry = parseResult.GetValue(otlpEndpoint) is { Length: > 0 } endpoint ? [$"--Cellular:Telemetry:Otlp:Endpoint={endpoint}"] : [];
            var options = new LocalStackOptions
            {
                ControlPlaneArguments = telemetry,
                RouterArguments = telemetry,
                Cells = parseResult.GetValue(cells),
                DataDirectory = parseResult.GetRequiredValue(dataDirectory),
                RouterPort = parseResult.GetValue(routerPort),
                ApiPort = parseResult.GetValue(apiPort),
                CellPortBase = parseResult.GetValue(cellPortBase),
                TenantAuth = parseResult.GetValue(tenantAuth) == "jwt" ? LocalTenantAuth.Jwt : LocalTenantAuth.None,
                Store = parseResult.GetRequiredValue(store),
                StoreConnection = parseResult.GetValue(storeConnection),
                StorePort = parseResult.GetValue(storePort),
                ControlPlanes = parseResult.GetValue(controlPlanes),
                Log = message => context.Out.MarkupLine($"[grey]{Markup.Escape(message)}[/]"),
            };
            return RunAsync(context, options, cancellationToken);
        });
        return command;
    }

    private static Option<int> PortLikeOption(string name, string description, int defaultValue, int minimum, int maximum)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value < minimum || value > maximum)
            {
                result.AddError($"{name} must be between {minimum} and {maximum}; got {value}.");
            }
        });
        return option;
    }

    private static async Task<int> RunAsync(CliContext context, LocalStackOptions options, CancellationToken cancellationToken)
    {
        using var shutdown = new ShutdownSignal();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
        LocalStack stack;
        try
        {
            stack = new LocalStack(options);
        }
        catch (Exception ex) when (ex is ArtifactNotFoundException or LocalStackException)
        {
            ErrorRendering.Write(context.Error, ex.Message);
            return 1;
        }

        await using (stack)
        {
            var watcher = new ExitWatcher(context, stopping.Token);
            foreach (var replica in stack.ControlPlanes)
            {
                replica.Exited += watcher.OnExited;
            }

            stack.Router.Exited += watcher.OnExited;
            shutdown.Forced += () =>
            {
                context.Error.MarkupLine("[yellow]Second interrupt: killing the stack now.[/]");
                stack.Router.Kill(entireProcessTree: true);
                foreach (var replica in stack.ControlPlanes)
                {
                    replica.Kill(entireProcessTree: true);
                }
            };

            try
            {
                await stack.StartAsync(stopping.Token);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                context.Out.MarkupLine("Interrupted while starting; stopping what was started…");
                return 0;
            }
            catch (LocalStackException ex)
            {
                ErrorRendering.Write(context.Error, ex.Message);
                return 1;
            }
            catch (ControlPlaneException ex) when (ex.Status is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            {
                // E.g. an admin-token left from another stack's database.
                ErrorRendering.WriteRefused(context.Error, ex, stack.Client.Credential);
                return 1;
            }
            catch (ControlPlaneException ex)
            {
                ErrorRendering.Write(context.Error, ex);
                return 1;
            }
            catch (ControlPlaneUnreachableException ex)
            {
                ErrorRendering.Write(context.Error, ex);
                return 1;
            }

            await WriteReadyAsync(context, stack, stopping.Token);
            watcher.Armed = true;
            try
            {
                await Task.Delay(Timeout.Infinite, stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: fall through to the orderly stop.
            }

            context.Out.MarkupLine("Stopping…");
        }

        context.Out.MarkupLine("Stopped.");
        return 0;
    }

    private static async Task WriteReadyAsync(CliContext context, LocalStack stack, CancellationToken cancellationToken)
    {
        var console = context.Out;
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("PART");
        table.AddColumn("URL");
        table.AddColumn("STATE");
        table.AddColumn("LOG / PID");
        table.AddRow("router", Markup.Escape(UrlText.Of(stack.RouterUrl)), "[green]running[/]", Markup.Escape($"{stack.Router.LogFile} (pid {stack.Router.ProcessId})"));
        for (var i = 0; i < stack.ControlPlanes.Count; i++)
        {
            var replica = stack.ControlPlanes[i];
            var part = stack.ControlPlanes.Count == 1 ? "control plane" : $"control plane {LocalStack.ReplicaId(i)}";
            table.AddRow(Markup.Escape(part), Markup.Escape(UrlText.Of(stack.ApiUrls[i])), "[green]running[/]", Markup.Escape($"{replica.LogFile} (pid {replica.ProcessId})"));
        }
        try
        {
            foreach (var cell in await stack.Client.ListCellsAsync(cancellationToken))
            {
                table.AddRow($"cell {Markup.Escape(cell.Id)}", Styles.Text(cell.Endpoint), Styles.State(cell.State), "[grey]-[/]");
            }
        }
        catch (Exception ex) when (ex is ControlPlaneException or ControlPlaneUnreachableException)
        {
            context.Error.MarkupLine($"[yellow]warning:[/] cannot list the cells: {Markup.Escape(ex.Message)}");
        }

        console.Write(table);
        ReplicaRendering.WriteStore(console, stack);
        console.MarkupLine($"[grey]Data dir:[/] {Markup.Escape(stack.DataDirectory)}");
        console.MarkupLine($"[grey]Log dir:[/]  {Markup.Escape(stack.LogDirectory)}");
        console.MarkupLine(
            $"[grey]admin key:[/] {Markup.Escape(stack.AdminTokenFile)} (cellctl uses it; curl: -H \"Authorization: Bearer $(cat {Markup.Escape(stack.AdminTokenFile)})\")");
        var defaults = new LocalStackOptions();
        console.MarkupLine($"[grey]Console:[/]  {Markup.Escape(UrlText.Of(stack.ApiUrl))}/ (cellctl console{(stack.ApiPort == defaults.ApiPort ? string.Empty : " --api " + Markup.Escape(UrlText.Of(stack.ApiUrl)))} opens it signed in)");
        var flags = (stack.ApiPort == defaults.ApiPort ? string.Empty : $" --api {UrlText.Of(stack.ApiUrl)}")
            + (IsDefaultDataDirectory(stack) ? string.Empty : $" --data-dir {stack.DataDirectory}");
        var router = Markup.Escape(UrlText.Of(stack.RouterUrl));
        if (stack.TenantAuth == LocalTenantAuth.Jwt)
        {
            console.MarkupLine("[grey]Tenants:[/] the router wants a tenant JWT (--tenant-auth jwt).");
            console.MarkupLine(
                $"[grey]Try:[/] cellctl tenants create acme{Markup.Escape(flags)} && curl -H \"Authorization: Bearer $(cellctl tokens issue --tenant acme{Markup.Escape(flags)})\" -d '{{\"text\":\"hi\"}}' -H 'Content-Type: application/json' {router}/notes");
        }
        else
        {
            console.MarkupLine(
                $"[grey]Try:[/] cellctl tenants create acme{Markup.Escape(flags)} && curl -H 'X-Tenant-Id: acme' -d '{{\"text\":\"hi\"}}' -H 'Content-Type: application/json' {router}/notes");
        }

        // One plain, unwrapped line that scripts and tests wait for.
        context.RawOut.WriteLine($"Cellular is ready: router {UrlText.Of(stack.RouterUrl)}, control plane {UrlText.Of(stack.ApiUrl)}");
        context.RawOut.Flush();
        console.MarkupLine("[grey]Press Ctrl+C to stop.[/]");
    }

    private static bool IsDefaultDataDirectory(LocalStack stack) =>
        string.Equals(Path.GetFullPath(CommonOptions.DefaultDataDirectory), stack.DataDirectory, StringComparison.Ordinal);

    /// <summary>Warns when a part dies while the stack runs; the rest keeps serving, which is the point of cells.</summary>
    private sealed class ExitWatcher(CliContext context, CancellationToken stopping)
    {
        private volatile bool _armed;

        public bool Armed
        {
            get => _armed;
            set => _armed = value;
        }

        public void OnExited(object? sender, ManagedProcessExitedEventArgs e)
        {
            if (e.Requested || stopping.IsCancellationRequested || !Armed || sender is not ManagedProcess part)
            {
                return;
            }

            context.Error.MarkupLine(
                $"[yellow]warning:[/] the {Markup.Escape(e.Name)} (pid {e.ProcessId}) exited unexpectedly with code {e.ExitCode}. "
                + $"The other parts keep serving; see {Markup.Escape(part.LogFile)}. Restart `cellctl up` to bring it back.");
        }
    }
}
