namespace Cellular.Router.Sync;

/// <summary>The control plane answered in a way the sync cannot use (an unexpected status, no answer in time).</summary>
internal sealed class ControlPlaneException(string message) : Exception(message);
