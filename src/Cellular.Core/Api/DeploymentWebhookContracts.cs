namespace Cellular.Core.Api;

/// <summary>
/// The JSON body the control plane POSTs to a deployment webhook. The same event name is in the
/// <c>X-Cellular-Event</c> header; with a secret configured, <c>X-Cellular-Signature</c> carries
/// <c>sha256={hex HMAC-SHA256 of the body}</c>.
/// </summary>
/// <param name="Event">What happened: <c>deployment.waiting-for-approval</c>, <c>deployment.rolled-back</c>, <c>deployment.failed</c>, <c>deployment.succeeded</c>, <c>deployment.paused</c> or <c>deployment.aborted</c>.</param>
/// <param name="At">When it happened.</param>
/// <param name="Deployment">The deployment as <c>GET /api/v1/deployments/{id}</c> showed it then.</param>
public sealed record DeploymentWebhookEvent(string Event, DateTimeOffset At, Deployment Deployment);
