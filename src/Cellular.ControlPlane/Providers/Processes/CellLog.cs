using System.Text;

namespace Cellular.ControlPlane.Providers.Processes;

/// <summary>
/// <c>{cell data dir}/cell.log</c>: the cell process writes its stdout and stderr there itself
/// (not through a pipe to the control plane), so it keeps running when the control plane dies.
/// </summary>
internal static class CellLog
{
    public const string FileName = "cell.log";

    private const int TailBytes = 4096;

    /// <summary>Appends a line and returns the log's length after it: where the next start's output begins.</summary>
    public static long Append(string path, string line)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        stream.Write(bytes);
        return stream.Length;
    }

    /// <summary>The last few KB written after <paramref name="from"/>, cut at a line start.</summary>
    public static string Tail(string path, long from)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(from, stream.Length - TailBytes);
            stream.Position = Math.Min(start, stream.Length);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var text = reader.ReadToEnd();
            if (start > from && text.IndexOf('\n') is var newline and >= 0)
            {
                text = text[(newline + 1)..];
            }

            return text.Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
