using Yarp.ReverseProxy.Forwarder;

namespace Cellular.Router.Forwarding.Lean;

/// <summary>Why the lean path could not forward a request, in YARP's terms, so the forwarder judges both paths alike.</summary>
internal sealed class LeanForwardingError(ForwarderError error, Exception? exception) : IForwarderErrorFeature
{
    /// <inheritdoc />
    public ForwarderError Error { get; } = error;

    /// <inheritdoc />
    public Exception? Exception { get; } = exception;
}
