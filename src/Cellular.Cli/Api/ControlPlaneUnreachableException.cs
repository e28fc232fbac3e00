namespace Cellular.Cli.Api;

/// <summary>
/// No answer from the control plane (refused, timed out, not HTTP): distinct from an error
/// answer because the fix is different: start the control plane or point <c>--api</c> at it.
/// </summary>
public sealed class ControlPlaneUnreachableException : Exception
{
    /// <summary>Creates the exception for <paramref name="apiUrl"/>.</summary>
    public ControlPlaneUnreachableException(Uri apiUrl, Exception innerException)
        : base($"Cannot reach the control plane at {UrlText.Of(apiUrl)}: {innerException.Message}", innerException)
    {
        ApiUrl = apiUrl;
    }

    /// <summary>The address that did not answer.</summary>
    public Uri ApiUrl { get; }
}
