using System.Globalization;

namespace Cellular.Cli.Local.Postgres;

/// <summary>
/// Finds the folder of PostgreSQL's server programs. Debian keeps them off PATH in
/// <c>/usr/lib/postgresql/{major}/bin</c> (several majors can be installed side by side: the
/// newest wins), other systems put them on PATH or answer <c>pg_config --bindir</c>.
/// </summary>
internal static class PostgresBinaries
{
    /// <summary>The programs a folder must hold to be used.</summary>
    public static readonly IReadOnlyList<string> Programs = ["initdb", "pg_ctl", "postgres"];

    private const string DebianRoot = "/usr/lib/postgresql";

    /// <summary>The folder holding <see cref="Programs"/>: <paramref name="explicitDirectory"/> when given, else the newest Debian major, else <c>pg_config --bindir</c>, else PATH.</summary>
    /// <exception cref="PostgresNotFoundException">None of them holds the programs.</exception>
    public static string Find(string? explicitDirectory = null)
    {
        var searched = new List<string>();
        foreach (var candidate in Candidates(explicitDirectory))
        {
            searched.Add(candidate);
            if (HoldsPrograms(candidate))
            {
                return candidate;
            }

            if (explicitDirectory is not null)
            {
                break;
            }
        }

        throw new PostgresNotFoundException(searched);
    }

    private static IEnumerable<string> Candidates(string? explicitDirectory)
    {
        if (explicitDirectory is not null)
        {
            yield return Path.GetFullPath(explicitDirectory);
            yield break;
        }

        if (Directory.Exists(DebianRoot))
        {
            var majors = Directory.GetDirectories(DebianRoot)
                .Select(path => (Path: path, Major: decimal.TryParse(Path.GetFileName(path), NumberStyles.Number, CultureInfo.InvariantCulture, out var major) ? major : -1))
                .OrderByDescending(d => d.Major);
            foreach (var (path, _) in majors)
            {
                yield return Path.Combine(path, "bin");
            }
        }
        else
        {
            yield return Path.Combine(DebianRoot, "*", "bin");
        }

        var fromPgConfig = PgConfigBinDir();
        if (fromPgConfig is not null)
        {
            yield return fromPgConfig;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return folder;
        }
    }

    private static bool HoldsPrograms(string folder) => Programs.All(program => File.Exists(Path.Combine(folder, program)));

    private static string? PgConfigBinDir()
    {
        var pgConfig = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "pg_config"))
            .FirstOrDefault(File.Exists);
        if (pgConfig is null)
        {
            return null;
        }

        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(pgConfig, "--bindir")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit(5000);
            return process.HasExited && process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
