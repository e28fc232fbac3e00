using Cellular.Core.Api;

namespace Cellular.Simulation;

/// <summary>
/// A row of the <c>migrations</c> table, with what the workflow reads back on resume: its step
/// (the real <see cref="MigrationState"/>), the epochs, how far the target is known to be synced
/// and when the soak ends.
/// </summary>
internal sealed record MigrationRow(
    string Id,
    string Tenant,
    string From,
    string To,
    long FromEpoch,
    long Epoch,
    MigrationState State,
    long SyncedTo,
    long? SoakUntil,
    string? Reason);
