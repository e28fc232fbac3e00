namespace Cellular.ControlPlane.Migrations;

/// <summary>A migration must be rolled back before its switch (a failed check, the cutover budget, an abort request); the message says why, for the operator.</summary>
internal sealed class MigrationAbortException(string message, Exception? inner = null) : Exception(message, inner);
