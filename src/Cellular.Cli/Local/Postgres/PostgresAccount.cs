namespace Cellular.Cli.Local.Postgres;

/// <summary>
/// The account PostgreSQL's programs run as. PostgreSQL refuses to run as root, so a root
/// caller (cellctl in a container, CI) runs initdb and the server as an unprivileged account:
/// <c>postgres</c> when the machine has it (Debian's package creates it), else <c>nobody</c>.
/// </summary>
/// <param name="User">The account to switch to; null = run as the current user.</param>
internal sealed record PostgresAccount(string? User)
{
    private static readonly string[] Preferred = ["postgres", "nobody"];

    /// <summary>The current user when it is not root, else the first of <c>postgres</c> and <c>nobody</c> that exists.</summary>
    public static PostgresAccount ForCurrentProcess()
    {
        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
        {
            return new PostgresAccount((string?)null);
        }

        var accounts = File.Exists("/etc/passwd")
            ? File.ReadLines("/etc/passwd").Select(line => line.Split(':')[0]).ToHashSet(StringComparer.Ordinal)
            : [];
        var user = Preferred.FirstOrDefault(accounts.Contains)
            ?? throw new PostgresServerException(
                "PostgreSQL refuses to run as root and neither a 'postgres' nor a 'nobody' account exists to run it as; create one (useradd --system postgres) or run as a normal user.");
        return new PostgresAccount(user);
    }

    /// <summary>The program and arguments that run <paramref name="program"/> as <see cref="User"/>.</summary>
    public (string FileName, IReadOnlyList<string> Arguments) Wrap(string program, IReadOnlyList<string> arguments)
    {
        if (User is null)
        {
            return (program, arguments);
        }

        // runuser (util-linux) switches user without a password or a login shell; setpriv is the fallback.
        if (File.Exists("/usr/sbin/runuser") || File.Exists("/sbin/runuser"))
        {
            return ("runuser", ["-u", User, "--", program, .. arguments]);
        }

        return ("setpriv", [$"--reuid={User}", $"--regid={User}", "--init-groups", "--", program, .. arguments]);
    }
}
