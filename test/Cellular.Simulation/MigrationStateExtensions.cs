using Cellular.Core.Api;

namespace Cellular.Simulation;

/// <summary>The control plane's reading of <see cref="MigrationState"/> (MigrationStates there is internal to it; same rules).</summary>
internal static class MigrationStateExtensions
{
    public static IReadOnlyList<MigrationState> BeforeSwitch { get; } =
        [MigrationState.Planned, MigrationState.Copying, MigrationState.CatchingUp, MigrationState.Verifying, MigrationState.Cutover];

    public static bool IsTerminal(this MigrationState state) => state is MigrationState.Complete or MigrationState.Aborted or MigrationState.Failed;

    public static bool IsSwitched(this MigrationState state) => state is MigrationState.Switched or MigrationState.Soak or MigrationState.Complete;
}
