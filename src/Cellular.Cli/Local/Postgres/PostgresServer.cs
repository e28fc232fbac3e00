using System.Net.Sockets;

namespace Cellular.Cli.Local.Postgres;

/// <summary>
/// A PostgreSQL server run from the machine's own binaries in a directory of ours: initdb'd on
/// first use (<c>--locale=C -E UTF8</c>, trust auth for one superuser), started with
/// <c>pg_ctl</c> on 127.0.0.1 and a port of the caller's choosing with its unix socket inside the
/// data directory (so it never clashes with a system server's <c>/var/run/postgresql</c>), and
/// stopped with a fast shutdown. A later start on the same directory finds its data again.
/// Used by <c>cellctl up --store postgres</c> and by the tests' PostgreSQL fixture.
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root; a root caller runs initdb and the server as
/// <see cref="PostgresAccount"/> (<c>postgres</c> or <c>nobody</c>) after giving it the directory.
/// </remarks>
internal sealed class PostgresServer : IAsyncDisposable
{
    private const string LogFileName = "postgres.log";

    // A unix socket path (directory + "/.s.PGSQL.<port>") must fit in sockaddr_un (107 bytes).
    private const int MaxSocketDirectoryLength = 90;

    private readonly PostgresServerOptions _options;
    private readonly PostgresAccount _account;
    private int _stopped;

    private PostgresServer(PostgresServerOptions options, string binDirectory, PostgresAccount account, bool initialized)
    {
        _options = options;
        _account = account;
        BinDirectory = binDirectory;
        Initialized = initialized;
        DataDirectory = Path.GetFullPath(options.DataDirectory);
    }

    /// <summary>The folder of the programs that were used.</summary>
    public string BinDirectory { get; }

    /// <summary>The cluster's data directory (absolute).</summary>
    public string DataDirectory { get; }

    /// <summary>True when this start ran initdb; false when it found a cluster from an earlier start.</summary>
    public bool Initialized { get; }

    /// <summary>Always 127.0.0.1: the server listens on loopback only.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port.</summary>
    public int Port => _options.Port;

    /// <summary>The superuser to connect as (no password).</summary>
    public string User => _options.User;

    /// <summary>The account the server runs as, when the caller is root; null when it runs as the caller.</summary>
    public string? RunAs => _account.User;

    /// <summary>The server's log file.</summary>
    public string LogFile => Path.Combine(DataDirectory, LogFileName);

    /// <summary>An Npgsql connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host={Host};Port={Port};Username={User};Database={database}";

    /// <summary>Initialises the cluster when the directory has none, starts the server and waits until it accepts connections.</summary>
    /// <exception cref="PostgresNotFoundException">The server binaries are not installed.</exception>
    /// <exception cref="PostgresServerException">initdb or the start failed, or a server already runs on the directory.</exception>
    public static async Task<PostgresServer> StartAsync(PostgresServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Port);
        var binDirectory = PostgresBinaries.Find(options.BinDirectory);
        var account = PostgresAccount.ForCurrentProcess();
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        var initialize = !File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));
        var server = new PostgresServer(options, binDirectory, account, initialize);
        await server.PrepareDirectoryAsync(cancellationToken);
        if (initialize)
        {
            await server.InitDbAsync(cancellationToken);
        }

        await server.StartServerAsync(cancellationToken);
        return server;
    }

    /// <summary>Stops the server with a fast shutdown (open transactions are rolled back); the data stays.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _options.Log?.Invoke($"Stopping PostgreSQL ({DataDirectory})…");
        var result = await RunAsync(
            "pg_ctl",
            ["stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", Seconds(_options.StopTimeout)],
            _options.StopTimeout + TimeSpan.FromSeconds(5),
            cancellationToken);
        if (result.ExitCode != 0 && IsRunning())
        {
            throw new PostgresServerException($"pg_ctl stop failed for {DataDirectory}:{Environment.NewLine}{result.Output}");
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task PrepareDirectoryAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            // initdb and the server insist on 0700 (or 0750).
            File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")) && IsRunning())
        {
            throw new PostgresServerException(
                $"A PostgreSQL server already runs on {DataDirectory} (an earlier cellctl up that did not stop?); stop it with: "
                + $"{(RunAs is null ? string.Empty : $"runuser -u {RunAs} -- ")}{Path.Combine(BinDirectory, "pg_ctl")} stop -D {DataDirectory} -m fast");
        }

        if (_account.User is null)
        {
            return;
        }

        var chown = await PostgresCommand.RunAsync("chown", ["-R", $"{_account.User}:", DataDirectory], TimeSpan.FromSeconds(60), cancellationToken);
        if (chown.ExitCode != 0)
        {
            throw new PostgresServerException($"Could not give {DataDirectory} to the '{_account.User}' account PostgreSQL runs as (it refuses to run as root): {chown.Output}");
        }

        var reach = await RunAsync("test", ["-w", DataDirectory, "-a", "-x", DataDirectory], TimeSpan.FromSeconds(10), cancellationToken, direct: true);
        if (reach.ExitCode != 0)
        {
            throw new PostgresServerException(
                $"PostgreSQL runs as '{_account.User}' (it refuses to run as root), and that account cannot reach {DataDirectory}: "
                + "a folder above it is closed to other users (e.g. /root is mode 700). Use a data directory outside it, or open the folders above it (chmod o+x).");
        }
    }

    private async Task InitDbAsync(CancellationToken cancellationToken)
    {
        _options.Log?.Invoke($"Initialising a PostgreSQL cluster in {DataDirectory}{(RunAs is null ? string.Empty : $" (as {RunAs})")}…");
        var result = await RunAsync(
            "initdb",
            ["-D", DataDirectory, "--locale=C", "-E", "UTF8", "--auth=trust", "-U", User, "--no-instructions"],
            _options.StartTimeout,
            cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new PostgresServerException($"initdb failed for {DataDirectory} (exit code {result.ExitCode}):{Environment.NewLine}{result.Output}");
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        _options.Log?.Invoke($"Starting PostgreSQL on 127.0.0.1:{Port} ({DataDirectory})…");

        // pg_ctl hands -o to /bin/sh, so the socket folder is quoted for the shell. A data directory
        // too deep for a socket path gets no socket: clients use TCP anyway.
        var socketDirectory = DataDirectory.Length <= MaxSocketDirectoryLength ? DataDirectory : string.Empty;
        var serverOptions = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={ShellQuote(socketDirectory)}";
        var result = await RunAsync(
            "pg_ctl",
            ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", Seconds(_options.StartTimeout), "-o", serverOptions],
            _options.StartTimeout + TimeSpan.FromSeconds(5),
            cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new PostgresServerException(
                $"PostgreSQL did not start on 127.0.0.1:{Port} from {DataDirectory} (pg_ctl exit code {result.ExitCode}):{Environment.NewLine}"
                + $"{result.Output}{Environment.NewLine}Last lines of {LogFile}:{Environment.NewLine}{LogTail()}");
        }

        await WaitForTcpAsync(cancellationToken);
    }

    private async Task WaitForTcpAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.StartTimeout);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(Host, Port, deadline.Token);
                return;
            }
            catch (SocketException) when (!deadline.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new PostgresServerException($"PostgreSQL started but 127.0.0.1:{Port} did not accept connections within {_options.StartTimeout.TotalSeconds:0} s; see {LogFile}.");
            }
        }
    }

    private bool IsRunning()
    {
        // postmaster.pid's first line is the server's pid; a stale file (after a crash) names a dead one.
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        try
        {
            var first = File.ReadLines(pidFile).FirstOrDefault();
            return int.TryParse(first, out var pid) && Directory.Exists($"/proc/{pid}");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private string LogTail()
    {
        try
        {
            return string.Join(Environment.NewLine, File.ReadLines(LogFile).TakeLast(20));
        }
        catch (IOException)
        {
            return "(no log)";
        }
        catch (UnauthorizedAccessException)
        {
            return "(log not readable)";
        }
    }

    private Task<PostgresCommand.Result> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken, bool direct = false)
    {
        var (fileName, wrapped) = _account.Wrap(direct ? program : Path.Combine(BinDirectory, program), arguments);
        return PostgresCommand.RunAsync(fileName, wrapped, timeout, cancellationToken);
    }

    private static string Seconds(TimeSpan value) => ((int)Math.Ceiling(value.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
