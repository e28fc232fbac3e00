namespace Cellular.ControlPlane.Errors;

/// <summary>
/// An operation the control plane refuses, with a title and a detail written for the operator.
/// The HTTP layer turns it into problem+json with the status of its <see cref="Kind"/>.
/// </summary>
internal sealed class ControlPlaneException(ProblemKind kind, string title, string detail, Exception? inner = null)
    : Exception(detail, inner)
{
    public ProblemKind Kind { get; } = kind;

    public string Title { get; } = title;

    public static ControlPlaneException BadRequest(string detail) => new(ProblemKind.BadRequest, "Invalid request", detail);

    public static ControlPlaneException CellNotFound(string id) => new(ProblemKind.NotFound, "Cell not found", $"There is no cell '{id}'.");

    public static ControlPlaneException TenantNotFound(string id) => new(ProblemKind.NotFound, "Tenant not found", $"There is no tenant '{id}'.");

    public static ControlPlaneException ExperimentNotFound(string id) => new(ProblemKind.NotFound, "Experiment not found", $"There is no experiment '{id}'.");

    public static ControlPlaneException DeploymentNotFound(string id) => new(ProblemKind.NotFound, "Deployment not found", $"There is no deployment '{id}'.");

    public static ControlPlaneException Conflict(string title, string detail) => new(ProblemKind.Conflict, title, detail);
}
