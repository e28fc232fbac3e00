namespace Cellular.Simulation;

/// <summary>The simulation's entry point.</summary>
internal static class Program
{
    public static int Main(string[] args) => new SimulationCommand().Run(args, Console.Out, Console.Error);
}
