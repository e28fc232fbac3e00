namespace Cellular.ControlPlane.Store.Leases;

/// <summary>
/// A write of a leased workflow was refused because the lease is no longer this replica's with
/// this token (it expired, or another replica claimed it): nothing was written, and the run must
/// stop — another replica owns the workflow now.
/// </summary>
public sealed class LeaseLostException : Exception
{
    /// <summary>Creates the exception with the default message.</summary>
    public LeaseLostException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public LeaseLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public LeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The lease that was lost.</summary>
    public string? Lease { get; init; }

    /// <summary>The fencing token the refused write carried.</summary>
    public long Token { get; init; }
}
