using System.Globalization;

namespace Cellular.Simulation;

/// <summary>Draws a <see cref="Scenario"/> from a seed: the same seed always gives the same schedule.</summary>
internal sealed class ScenarioGenerator(SimulationSettings settings)
{
    public Scenario Generate(int seed)
    {
        var random = new Random(seed);
        var replicas = random.Next(2, 4);
        var cells = 3;
        var routers = 2;
        var tenants = random.Next(1, 3);
        var network = new NetworkProfile(
            MinDelayMs: 1,
            MaxDelayMs: random.Next(2, 25),
            SpikeRate: random.NextDouble() * 0.05,
            SpikeMs: random.Next(100, 800),
            DropRate: random.NextDouble() * 0.03,
            DuplicateRate: random.NextDouble() * 0.05);

        var moves = new List<PlannedMove>();
        var moveCount = random.Next(2, 6);
        for (var i = 0; i < moveCount; i++)
        {
            moves.Add(new PlannedMove(
                random.NextInt64(300, settings.FaultsUntilMs + 2_000),
                Name("t", random.Next(tenants)),
                Name("c", random.Next(cells))));
        }

        var nodes = new List<(string Name, NodeKind Kind)>();
        nodes.AddRange(Enumerable.Range(0, replicas).Select(i => (Name("r", i), NodeKind.Replica)));
        nodes.AddRange(Enumerable.Range(0, cells).Select(i => (Name("c", i), NodeKind.Cell)));
        nodes.AddRange(Enumerable.Range(0, routers).Select(i => (Name("x", i), NodeKind.Router)));
        var faults = new List<Fault>();
        var faultCount = random.Next(0, 10);
        for (var i = 0; i < faultCount; i++)
        {
            var at = random.NextInt64(0, settings.FaultsUntilMs);
            var roll = random.NextDouble();
            if (roll < 0.4)
            {
                // Mostly past the lease: the case fencing exists for.
                var replica = Name("r", random.Next(replicas));
                faults.Add(new Fault(FaultKind.Pause, [replica], at, (long)(settings.LeaseMs * (0.3 + (random.NextDouble() * 2.7)))));
            }
            else if (roll < 0.7)
            {
                var node = nodes[random.Next(nodes.Count)];
                faults.Add(new Fault(FaultKind.Crash, [node.Name], at, random.NextInt64(100, 4_000)));
            }
            else
            {
                var size = random.Next(1, 3);
                var group = nodes.OrderBy(_ => random.Next()).Take(size).Select(n => n.Name).Append(random.NextDouble() < 0.3 ? "db" : null)
                    .OfType<string>().Distinct().ToList();
                faults.Add(new Fault(FaultKind.Partition, group, at, random.NextInt64(100, 4_000)));
            }
        }

        var drills = random.Next(0, 4);
        for (var i = 0; i < drills; i++)
        {
            var checkpoint = CheckpointDrill.All[random.Next(CheckpointDrill.All.Count)];
            var occurrence = random.Next(1, 4);
            faults.Add(random.NextDouble() < 0.7
                ? new Fault(FaultKind.Pause, [], 0, (long)(settings.LeaseMs * (0.3 + (random.NextDouble() * 2.7))), checkpoint, occurrence)
                : new Fault(FaultKind.Crash, [], 0, random.NextInt64(100, 3_000), checkpoint, occurrence));
        }

        return new Scenario(seed, replicas, cells, routers, tenants, network, moves, [.. faults.OrderBy(f => f.AtMs)], random.Next(), random.Next());
    }

    private static string Name(string prefix, int index) => prefix + index.ToString(CultureInfo.InvariantCulture);
}
