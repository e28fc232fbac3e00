namespace Cellular.ControlPlane.Fleet;

/// <summary>Log events of the fleet sampler.</summary>
internal sealed partial class FleetSampler
{
    private static partial class Log
    {
        [LoggerMessage(220, LogLevel.Debug, "The fleet view could not read the routers' statistics: {reason}")]
        public static partial void RoutersUnreadable(ILogger logger, string reason);

        [LoggerMessage(221, LogLevel.Error, "A fleet sample failed; the next one runs at the next interval")]
        public static partial void SampleFailed(ILogger logger, Exception exception);
    }
}
