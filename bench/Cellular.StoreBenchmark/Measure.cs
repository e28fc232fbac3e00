using System.Diagnostics;
using System.Globalization;

namespace Cellular.StoreBenchmark;

/// <summary>How the scenarios time an operation: latency percentiles of one client, throughput of several.</summary>
internal static class Measure
{
    public static async Task<string> SequentialAsync(int ops, Func<Task> operation)
    {
        var samples = new double[ops];
        for (var i = 0; i < ops; i++)
        {
            var watch = Stopwatch.StartNew();
            await operation();
            samples[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(samples);
        return string.Create(CultureInfo.InvariantCulture, $"{samples[ops / 2]:0.00} / {samples[(int)(ops * 0.99)]:0.00} ms");
    }

    public static async Task<string> ThroughputAsync(int ops, int concurrency, Func<Task> operation)
    {
        var remaining = ops;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                await operation();
            }
        }));
        return string.Create(CultureInfo.InvariantCulture, $"{ops / watch.Elapsed.TotalSeconds:N0} /s");
    }

    public static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
