using Cellular.Cli;

return await new CellctlApp(CliContext.ForProcess()).RunAsync(args);
