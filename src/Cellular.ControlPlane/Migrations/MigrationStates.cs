using Cellular.Core.Api;

namespace Cellular.ControlPlane.Migrations;

/// <summary>What each <see cref="MigrationState"/> means for the workflow, the scheduler and the API.</summary>
internal static class MigrationStates
{
    /// <summary>States a migration can be rolled back from: the switch has not been journaled.</summary>
    public static IReadOnlyList<MigrationState> BeforeSwitch { get; } =
        [MigrationState.Planned, MigrationState.Copying, MigrationState.CatchingUp, MigrationState.Verifying, MigrationState.Cutover];

    /// <summary>States that keep a source and a target cell busy (the scheduler's per-cell slots): moving data or handing over.</summary>
    public static IReadOnlyList<MigrationState> Busy { get; } =
        [MigrationState.Copying, MigrationState.CatchingUp, MigrationState.Verifying, MigrationState.Cutover, MigrationState.Switched];

    /// <summary>True for Complete, Aborted and Failed: nothing more happens.</summary>
    public static bool IsTerminal(this MigrationState state) => state is MigrationState.Complete or MigrationState.Aborted or MigrationState.Failed;

    /// <summary>True once the switch is journaled: the migration can only go forward.</summary>
    public static bool IsSwitched(this MigrationState state) => state is MigrationState.Switched or MigrationState.Soak or MigrationState.Complete;

    /// <summary>True while the migration occupies a slot of its source and target cells.</summary>
    public static bool IsBusy(this MigrationState state) => Busy.Contains(state);

    /// <summary>Why <paramref name="original"/> cannot be reversed now, or null when it can (it switched and soaks or completed, and was not reversed yet).</summary>
    public static string? ReverseRefusal(Migration original) => original switch
    {
        { ReversedBy: { } reversedBy } => $"Migration {original.Id} was already reversed by {reversedBy}.",
        { State: MigrationState.Soak or MigrationState.Complete } => null,
        { State: MigrationState.Switched } => $"Migration {original.Id} is still handing the tenant over (Switched); reverse it once it is in Soak, in a moment.",
        { State: MigrationState.Aborted or MigrationState.Failed } => $"Migration {original.Id} ended {original.State}; the tenant never left cell '{original.From}', so there is nothing to reverse.",
        _ => $"Migration {original.Id} has not switched yet ({original.State}); abort it instead (POST /api/v1/migrations/{original.Id}/abort).",
    };
}
