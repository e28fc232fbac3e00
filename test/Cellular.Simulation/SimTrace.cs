using System.Globalization;
using System.Text;

namespace Cellular.Simulation;

/// <summary>
/// The event trace of one run: every delivery, drop, fault and step, with its simulated time. Kept
/// only when asked for (replay with --trace, the determinism test): callers check
/// <see cref="IsEnabled"/> before formatting a line, so a run without a trace pays nothing.
/// </summary>
internal sealed class SimTrace(bool keepLines)
{
    private readonly StringBuilder? _lines = keepLines ? new StringBuilder() : null;

    public bool IsEnabled => _lines is not null;

    public void Add(long time, string line)
    {
        _lines?.Append(time.ToString("D6", CultureInfo.InvariantCulture)).Append("  ").AppendLine(line);
    }

    public string Text => _lines?.ToString() ?? string.Empty;
}
