using System.Globalization;
using Cellular.ConsoleBenchmark;

// Console first-screen benchmark (issue 12): a control plane with many cells and tenants, and the
// time a real Chromium needs from navigation to the first screen of fleet rows. See bench/console/README.md.
var options = new Dictionary<string, string>(StringComparer.Ordinal)
{
    ["root"] = Directory.GetCurrentDirectory(),
    ["cells"] = "1000",
    ["tenants"] = "1000000",
    ["runs"] = "7",
    ["base-port"] = "31000",
    ["out"] = string.Empty,
};
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal) || !options.ContainsKey(args[i][2..]))
    {
        Console.Error.WriteLine($"Unknown option {args[i]}; known: {string.Join(", ", options.Keys.Select(k => "--" + k))}.");
        return 2;
    }

    options[args[i][2..]] = args[i + 1];
}

int Number(string key) => int.Parse(options[key], CultureInfo.InvariantCulture);
var run = new ConsoleBenchRun(options["root"], Number("cells"), Number("tenants"), Number("runs"), Number("base-port"));
var report = await run.RunAsync(Console.Out);
Console.WriteLine();
Console.WriteLine(report);
if (options["out"].Length > 0)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options["out"]))!);
    await File.WriteAllTextAsync(options["out"], report);
}

return 0;
