using System.Globalization;
using Cellular.Cell.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cellular.Cell.Security;

/// <summary>
/// <c>{DataDir}/assertion-generation</c>: the highest tenant-assertion key generation the cell has
/// seen in a validly signed assertion, as one decimal number. Read at start so a restarted cell
/// does not accept the generations it had already retired; written (atomically: a temporary file
/// renamed over it) each time that generation rises. A file that cannot be read or written is
/// logged and the cell goes on with what it has in memory. Two processes of one cell share the
/// file while a release is deployed blue/green: each writes through a temporary file of its own
/// and never lowers the number the other recorded.
/// </summary>
internal sealed partial class AssertionGenerationFile(IOptions<CellOptions> cell, ILogger<AssertionGenerationFile> logger)
{
    /// <summary>The file's name in the data directory.</summary>
    public const string FileName = "assertion-generation";

    /// <summary>The file's full path.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(System.IO.Path.Combine(cell.Value.DataDir, FileName));

    /// <summary>The generation recorded, or 0 when there is none (or it cannot be read).</summary>
    public long Read()
    {
        try
        {
            if (!File.Exists(Path))
            {
                return 0;
            }

            var text = File.ReadAllText(Path).Trim();
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var generation) && generation >= 0)
            {
                return generation;
            }

            LogUnreadable(logger, Path, "not a generation number");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogUnreadable(logger, Path, e.GetType().Name);
        }

        return 0;
    }

    /// <summary>Records <paramref name="generation"/>, replacing the file atomically, unless the file already holds a higher one.</summary>
    public void Write(long generation)
    {
        var temporary = $"{Path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp";
        try
        {
            if (generation <= Read())
            {
                return;
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(generation.ToString(CultureInfo.InvariantCulture));
                writer.Write('\n');
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotSaved(logger, generation, Path, e.GetType().Name);
        }
    }

    [LoggerMessage(EventId = EventIds.AssertionGenerationUnreadable, Level = LogLevel.Warning, Message = "Could not read the assertion key generation from {Path} ({Error}); accepting the generations seen from now on")]
    private static partial void LogUnreadable(ILogger logger, string path, string error);

    [LoggerMessage(EventId = EventIds.AssertionGenerationNotSaved, Level = LogLevel.Warning, Message = "Could not record assertion key generation {Generation} in {Path} ({Error}); a restart would accept older generations again")]
    private static partial void LogNotSaved(ILogger logger, long generation, string path, string error);
}
