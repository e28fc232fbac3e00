using System.CommandLine;
using System.CommandLine.Parsing;
using Cellular.Cli.Commands;
using Cellular.Cli.Rendering;
using Spectre.Console;

namespace Cellular.Cli;

/// <summary>The <c>cellctl</c> command tree and how it is run: parse errors in red with a hint, then the command.</summary>
internal sealed class CellctlApp
{
    private readonly CliContext _context;

    public CellctlApp(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        var options = new CommonOptions(context);
        var runner = new ApiCommandRunner(options);
        Root = new RootCommand("cellctl: run and operate Cellular, a platform for running a multi-tenant service as isolated cells.")
        {
            options.Api,
            options.Token,
            options.DataDirectory,
        };
        Root.Subcommands.Add(UpCommand.Create(options));
        Root.Subcommands.Add(StatusCommand.Create(runner));
        Root.Subcommands.Add(CellsCommand.Create(runner));
        Root.Subcommands.Add(TopCommand.Create(runner));
        Root.Subcommands.Add(TenantsCommand.Create(runner));
        Root.Subcommands.Add(TableCommand.Create(runner));
        Root.Subcommands.Add(MigrationsCommand.Create(runner));
        Root.Subcommands.Add(RebalanceCommand.Create(runner));
        Root.Subcommands.Add(DeployCommand.Create(runner));
        Root.Subcommands.Add(DeploymentsCommand.Create(runner));
        Root.Subcommands.Add(FreezeCommand.Create(runner));
        Root.Subcommands.Add(ChaosCommand.Create(runner));
        Root.Subcommands.Add(AuthCommand.Create(runner));
        Root.Subcommands.Add(AuditCommand.Create(runner));
        Root.Subcommands.Add(TokensCommand.Create(runner));
        Root.Subcommands.Add(ConsoleCommand.Create(runner));
    }

    /// <summary>The command tree.</summary>
    public RootCommand Root { get; }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken = default)
    {
        var parseResult = Root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                ErrorRendering.Write(_context.Error, error.Message);
            }

            _context.Error.WriteLine($"Run '{CommandPath(parseResult)} --help' for usage.");
            return 1;
        }

        var configuration = new InvocationConfiguration
        {
            Output = _context.RawOut,
            Error = _context.Error.Profile.Out.Writer,
            // `up` handles Ctrl+C and SIGTERM itself, to stop its children in order.
            ProcessTerminationTimeout = null,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken);
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (SymbolResult? result = parseResult.CommandResult; result is CommandResult command && command.Command is not RootCommand; result = command.Parent)
        {
            names.Insert(0, command.Command.Name);
        }

        names.Insert(0, "cellctl");
        return string.Join(' ', names);
    }
}
