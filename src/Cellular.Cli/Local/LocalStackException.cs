namespace Cellular.Cli.Local;

/// <summary>The local stack could not be started or did not become ready; the message says why and where to look.</summary>
public sealed class LocalStackException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LocalStackException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public LocalStackException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
