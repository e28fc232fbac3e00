namespace Cellular.ControlPlane.Store.Leases;

/// <summary>
/// A write of a leased workflow was refused because the lease is no longer this replica's with
/// this token (it expired, or another replica claimed it): nothing was written, and the run must
/// stop — another replica owns the workflow now.
/// </summary>
public sealed class LeaseLostException : Exception
{
    public LeaseLostException()
    {
    }

    public LeaseLostException(string message)
        : base(message)
    {
    }

    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The lease that was lost.</summary>
    public string? Lease { get; init; }

    /// <summary>The fencing token the refused write carried.</summary>
    public long Token { get; init; }
}
