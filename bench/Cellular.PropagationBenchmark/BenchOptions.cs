using System.Globalization;

namespace Cellular.PropagationBenchmark;

/// <summary>What one run measures; every value has a default so the bare command is the documented run.</summary>
internal sealed record BenchOptions(
    string Root,
    int Tenants,
    int Cells,
    int Changes,
    bool Incremental,
    int BasePort,
    string? Output)
{
    public const string Usage = """
        usage: Cellular.PropagationBenchmark --root <repo> [--tenants 1000000] [--cells 10] [--changes 1000]
                                             [--full-sync] [--base-port 19100] [--out <file.md>]
        Starts the Release control plane and router from <repo>/artifacts, seeds the tenants, then
        pins/unpins --changes random tenants one after the other and measures, for each, the time from
        the API call's answer to the first request the router routes by the new table.
        --full-sync   routers re-download the whole table per change (IncrementalSync=false), for comparison.
        """;

    public static BenchOptions Parse(string[] args)
    {
        string? root = null;
        string? output = null;
        int tenants = 1_000_000, cells = 10, changes = 1_000, basePort = 19_100;
        var incremental = true;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt(int min, int max)
            {
                var name = args[i];
                var text = Next();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
                    ? v
                    : throw new ArgumentException($"{name} must be a whole number from {min} to {max}, not '{text}'.");
            }

            switch (args[i])
            {
                case "--root": root = Next(); break;
                case "--tenants": tenants = NextInt(1, 10_000_000); break;
                case "--cells": cells = NextInt(2, 100); break;
                case "--changes": changes = NextInt(1, 100_000); break;
                case "--base-port": basePort = NextInt(1024, 60_000); break;
                case "--out": output = Next(); break;
                case "--full-sync": incremental = false; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        if (root is null || !File.Exists(Path.Combine(root, "Cellular.slnx")))
        {
            throw new ArgumentException("--root must name the repository (the folder with Cellular.slnx).");
        }

        return new BenchOptions(Path.GetFullPath(root), tenants, cells, changes, incremental, basePort, output);
    }
}
