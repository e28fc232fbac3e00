namespace Cellular.Simulation;

/// <summary>Which protocol a run simulates and what is broken on purpose; with the seed, all a replay needs.</summary>
internal sealed record SimulationProfile(ProtocolVariant Protocol, BreakMode Break)
{
    public static SimulationProfile Default { get; } = new(ProtocolVariant.AsBuilt, BreakMode.None);

    public static IReadOnlyDictionary<string, ProtocolVariant> Protocols { get; } = new Dictionary<string, ProtocolVariant>(StringComparer.Ordinal)
    {
        ["as-built"] = ProtocolVariant.AsBuilt,
        ["fenced-cells"] = ProtocolVariant.FencedCells,
    };

    public static IReadOnlyDictionary<string, BreakMode> Breaks { get; } = new Dictionary<string, BreakMode>(StringComparer.Ordinal)
    {
        ["none"] = BreakMode.None,
        ["fencing"] = BreakMode.Fencing,
        ["epoch"] = BreakMode.Epoch,
        ["purge-epoch"] = BreakMode.PurgeEpoch,
    };

    public string ProtocolName => Protocols.Single(p => p.Value == Protocol).Key;

    public string BreakName => Breaks.Single(b => b.Value == Break).Key;

    /// <summary>The command line that replays <paramref name="seed"/> with its trace.</summary>
    public string ReplayCommand(int seed) =>
        $"dotnet run --project test/Cellular.Simulation -c Release -- --seed {seed} --trace"
        + (Protocol == ProtocolVariant.AsBuilt ? string.Empty : " --protocol " + ProtocolName)
        + (Break == BreakMode.None ? string.Empty : " --break " + BreakName);

    public override string ToString() => $"protocol {ProtocolName}, break {BreakName}";
}
