using Cellular.Core.Api;

namespace Cellular.ControlPlane.Migrations;

/// <summary>
/// Told when a migration reaches one of the <see cref="MigrationCheckpoints"/>, between its side
/// effects. None is registered by default; tests register one to stop a migration at an exact
/// point (an exception from it interrupts the workflow like a crash of the control plane) or to
/// check invariants while migrations run.
/// </summary>
internal interface IMigrationCheckpoint
{
    Task ReachedAsync(Migration migration, string checkpoint, CancellationToken cancellationToken);
}
