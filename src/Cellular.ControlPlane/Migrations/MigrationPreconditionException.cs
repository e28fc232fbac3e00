namespace Cellular.ControlPlane.Migrations;

/// <summary>What a migration was planned on no longer holds (the tenant or a cell changed); it ends Failed.</summary>
internal sealed class MigrationPreconditionException(string message) : Exception(message);
