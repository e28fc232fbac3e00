using BenchmarkDotNet.Running;
using Cellular.Benchmarks.Memory;

// dotnet run -c Release --project bench/Cellular.Benchmarks -- --filter '*' --job short
// dotnet run -c Release --project bench/Cellular.Benchmarks -- --memory [tenants ...]
if (args is ["--memory", .. var sizes])
{
    MemoryReport.Run(Console.Out, sizes.Length == 0 ? [1_000_000, 10_000_000] : [.. sizes.Select(int.Parse)]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(MemoryReport).Assembly).Run(args);
