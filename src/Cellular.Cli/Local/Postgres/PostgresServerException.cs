namespace Cellular.Cli.Local.Postgres;

/// <summary>PostgreSQL could not be initialised, started or stopped; the message says which step failed, what it printed and where its log is.</summary>
internal sealed class PostgresServerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PostgresServerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PostgresServerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
