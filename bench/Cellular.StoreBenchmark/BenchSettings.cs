using System.Globalization;
using Cellular.ControlPlane.Store;

namespace Cellular.StoreBenchmark;

/// <summary>The command line of the store benchmark.</summary>
internal sealed record BenchSettings(int Tenants, int Cells, int Ops, int Concurrency, IReadOnlyList<string> Providers, string? PostgresConnectionString, bool Store, bool Api)
{
    public static BenchSettings Parse(string[] args)
    {
        var tenants = 1_000_000;
        var cells = 100;
        var ops = 2000;
        var concurrency = 8;
        var providers = new List<string> { StoreProviders.Sqlite, StoreProviders.Postgres };
        string? pg = null;
        var level = "both";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--tenants": tenants = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--cells": cells = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--ops": ops = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--provider": providers = value == "both" ? providers : [value]; break;
                case "--pg": pg = value; break;
                case "--level": level = value is "store" or "api" or "both" ? value : throw new ArgumentException("--level is store, api or both"); break;
                default: throw new ArgumentException($"Unknown option {args[i]}");
            }
        }

        return new BenchSettings(tenants, cells, ops, concurrency, providers, pg, level != "api", level != "store");
    }
}
