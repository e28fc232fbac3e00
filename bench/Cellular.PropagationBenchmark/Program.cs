using Cellular.PropagationBenchmark;

// Propagation benchmark (issue 5, item 3): API call that pins or unpins a tenant → first request
// the router routes by the new table, over many changes, with a large table. See bench/propagation/README.md.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

try
{
    var report = await PropagationRun.RunAsync(options, Console.Out);
    Console.WriteLine();
    Console.WriteLine(report);
    if (options.Output is not null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
        await File.WriteAllTextAsync(options.Output, report);
    }

    return 0;
}
catch (Exception e) when (e is BenchmarkFailedException or HttpRequestException or IOException)
{
    Console.Error.WriteLine($"propagation benchmark failed: {e.Message}");
    return 1;
}
