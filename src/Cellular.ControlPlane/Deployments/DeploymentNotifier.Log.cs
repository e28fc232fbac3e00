namespace Cellular.ControlPlane.Deployments;

/// <summary>Log events of the webhook notifier.</summary>
internal sealed partial class DeploymentNotifier
{
    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.DeploymentWebhookDropped, LogLevel.Warning, "Webhook queue of {receiver} is full ({capacity} events): dropped {eventName} of deployment {deployment} (version {version})")]
        public static partial void Dropped(ILogger logger, string eventName, string deployment, string version, string receiver, int capacity);

        [LoggerMessage(Logging.EventIds.DeploymentWebhookRetrying, LogLevel.Information, "Webhook {eventName} of deployment {deployment} (version {version}) to {receiver}: attempt {attempt} failed ({reason}); retrying in {delay}")]
        public static partial void Retrying(ILogger logger, string eventName, string deployment, string version, string receiver, int attempt, string reason, TimeSpan delay);

        [LoggerMessage(Logging.EventIds.DeploymentWebhookFailed, LogLevel.Warning, "Webhook {eventName} of deployment {deployment} (version {version}) was not delivered to {receiver} after {attempts} attempt(s): {reason}")]
        public static partial void Failed(ILogger logger, string eventName, string deployment, string version, string receiver, int attempts, string reason);

        [LoggerMessage(Logging.EventIds.DeploymentWebhookDelivered, LogLevel.Debug, "Webhook {eventName} of deployment {deployment} (version {version}) delivered to {receiver} in {attempts} attempt(s)")]
        public static partial void Delivered(ILogger logger, string eventName, string deployment, string version, string receiver, int attempts);
    }
}
