using System.Net;

namespace Cellular.Cli.Api;

/// <summary>
/// The control plane answered with an error (problem+json): its <see cref="Title"/> and
/// <see cref="Detail"/> are meant for the operator and are shown as they are.
/// </summary>
public sealed class ControlPlaneException : Exception
{
    /// <summary>Creates the exception from the parts of a problem document.</summary>
    public ControlPlaneException(HttpStatusCode status, string title, string? detail)
        : base(detail is null ? $"{title} ({(int)status})" : $"{title} ({(int)status}): {detail}")
    {
        Status = status;
        Title = title;
        Detail = detail;
    }

    /// <summary>HTTP status of the answer.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>Short summary of the problem.</summary>
    public string Title { get; }

    /// <summary>Explanation of this occurrence, when the control plane gave one.</summary>
    public string? Detail { get; }
}
