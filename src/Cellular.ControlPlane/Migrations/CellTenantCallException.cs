namespace Cellular.ControlPlane.Migrations;

/// <summary>A cell did not answer a <c>/_cell/tenants/{t}</c> call, or refused it; the message says which call and why.</summary>
/// <param name="message">What happened, naming the cell's endpoint and the call.</param>
/// <param name="status">The HTTP status the cell answered with, or null when it did not answer.</param>
/// <param name="inner">The underlying error.</param>
internal sealed class CellTenantCallException(string message, int? status = null, Exception? inner = null) : Exception(message, inner)
{
    public int? Status { get; } = status;
}
