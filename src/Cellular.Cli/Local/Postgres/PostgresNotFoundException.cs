namespace Cellular.Cli.Local.Postgres;

/// <summary>PostgreSQL's server programs (initdb, pg_ctl, postgres) are not on this machine; the message says where they were looked for and what to install.</summary>
internal sealed class PostgresNotFoundException : Exception
{
    /// <summary>Creates the exception listing every place that was searched.</summary>
    public PostgresNotFoundException(IReadOnlyList<string> searched)
        : base(
            "PostgreSQL's server binaries (initdb, pg_ctl, postgres) were not found: install Debian's postgresql package "
            + "(apt-get install postgresql), or put its bin folder on PATH. Searched:" + Environment.NewLine
            + string.Join(Environment.NewLine, searched.Select(s => "  " + s)))
    {
        Searched = searched;
    }

    /// <summary>The folders and commands that were tried, in order.</summary>
    public IReadOnlyList<string> Searched { get; }
}
