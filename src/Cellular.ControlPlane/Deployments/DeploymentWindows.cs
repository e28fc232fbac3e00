using Cellular.ControlPlane.Configuration;
using Microsoft.Extensions.Options;

namespace Cellular.ControlPlane.Deployments;

/// <summary>
/// The configured deployment windows (<c>Cellular:ControlPlane:Deployments:Windows</c>): a wave starts
/// only while one of them is open. No windows configured means always open.
/// </summary>
internal sealed class DeploymentWindows
{
    /// <summary>How far ahead <see cref="NextOpening"/> looks: a week, and a day more for a window that opened just before.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(8);

    private readonly IReadOnlyList<DeploymentWindow> _windows;

    public DeploymentWindows(IOptions<DeploymentOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _windows = options.Value.Windows.Select(DeploymentWindow.Parse).ToList();
    }

    /// <summary>True when no windows are configured or <paramref name="at"/> is inside one of them.</summary>
    public bool IsOpen(DateTimeOffset at) => _windows.Count == 0 || _windows.Any(w => w.Contains(at));

    /// <summary>
    /// The first moment at or after <paramref name="at"/> when a window is open: <paramref name="at"/>
    /// itself when one is open now, null when none opens within <see cref="Horizon"/>. Exact to the
    /// minute, which is exact for <c>HH:mm</c> windows in zones whose offsets change on whole minutes.
    /// </summary>
    public DateTimeOffset? NextOpening(DateTimeOffset at)
    {
        if (IsOpen(at))
        {
            return at;
        }

        // Windows open on whole local minutes and zone offsets change on whole minutes, so the
        // opening is a whole UTC minute.
        var ticks = at.UtcTicks;
        var candidate = new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(1);
        var end = at + Horizon;
        for (; candidate <= end; candidate = candidate.AddMinutes(1))
        {
            if (IsOpen(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The windows for people, e.g. <c>Mon–Fri 09:00–17:00 Europe/Berlin</c>; <c>any time</c> without windows.</summary>
    public string Describe() => _windows.Count == 0 ? "any time" : string.Join("; ", _windows.Select(w => w.Describe()));
}
