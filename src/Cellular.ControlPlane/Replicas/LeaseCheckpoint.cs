using Cellular.ControlPlane.Deployments;
using Cellular.ControlPlane.Migrations;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Replicas;

/// <summary>
/// At every checkpoint of a migration or deployment (the points between its side effects), checks
/// that the run still holds its lease: a run that lost it stops with <c>LeaseLostException</c>
/// before its next cell call — a rollback by a replica that was paused past its lease must not
/// unfence a source the new owner is cutting over. Its store writes are fenced anyway.
/// </summary>
internal sealed class LeaseCheckpoint(LeaseKeeper leases) : IMigrationCheckpoint, IDeploymentCheckpoint
{
    public Task ReachedAsync(Migration migration, string checkpoint, CancellationToken cancellationToken) =>
        leases.EnsureCurrentHeldAsync(CancellationToken.None);

    public Task ReachedAsync(Deployment deployment, string checkpoint, CancellationToken cancellationToken) =>
        leases.EnsureCurrentHeldAsync(CancellationToken.None);
}
