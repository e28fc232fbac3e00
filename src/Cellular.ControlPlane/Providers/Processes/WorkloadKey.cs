namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>
/// One workload of a cell: the cell and the endpoint it serves on. A cell being deployed has two
/// (the current one and the staged one), so processes are tracked by both.
/// </summary>
internal readonly record struct WorkloadKey
{
    public WorkloadKey(string cellId, string endpoint)
    {
        CellId = cellId;
        Endpoint = Normalize(endpoint);
    }

    public string CellId { get; }

    /// <summary>The endpoint without a trailing slash and in lower case, so spellings of one URL compare equal.</summary>
    public string Endpoint { get; }

    public static string Normalize(string endpoint) => endpoint.TrimEnd('/').ToLowerInvariant();
}
