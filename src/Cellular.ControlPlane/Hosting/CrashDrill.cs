namespace Cellular.ControlPlane.Hosting;

/// <summary>
/// The crash drills' one rule (migrations' and deployments'): fire at the configured checkpoint,
/// once per data directory — a marker file remembers it, so the restarted process resumes
/// instead of dying again.
/// </summary>
internal static class CrashDrill
{
    /// <summary>True, with the marker written, when <paramref name="checkpoint"/> is <paramref name="configured"/> and this drill has not fired in <paramref name="dataDir"/> yet.</summary>
    /// <param name="configured">The checkpoint the drill is set to; null or empty = off.</param>
    /// <param name="checkpoint">The checkpoint reached now.</param>
    /// <param name="dataDir">The control plane's data directory.</param>
    /// <param name="kind">Names the marker (<c>crash-drill-{kind}{checkpoint}.done</c>), so drills of different workflows are remembered apart.</param>
    /// <param name="subject">Written into the marker: what reached the checkpoint.</param>
    public static bool Arm(string? configured, string checkpoint, string dataDir, string kind, string subject)
    {
        if (string.IsNullOrEmpty(configured) || !string.Equals(configured, checkpoint, StringComparison.Ordinal))
        {
            return false;
        }

        var marker = Path.Combine(Path.GetFullPath(dataDir), $"crash-drill-{kind}{checkpoint}.done");
        if (File.Exists(marker))
        {
            return false;
        }

        File.WriteAllText(marker, subject);
        return true;
    }
}
