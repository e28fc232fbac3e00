namespace Cellular.Simulation;

/// <summary>
/// A process of the simulated system (control-plane replica, cell, router or the database): whether
/// it runs, which incarnation runs (a restart starts a new one, so nothing scheduled by the old one
/// fires) and until when it is paused (a GC pause or SIGSTOP: its events wait, nothing is lost).
/// </summary>
internal sealed class SimNode(string name, NodeKind kind)
{
    public string Name { get; } = name;

    public NodeKind Kind { get; } = kind;

    public int Incarnation { get; private set; }

    public bool Up { get; private set; } = true;

    public long PausedUntil { get; set; }

    /// <summary>The node dies: everything it scheduled or awaited is gone.</summary>
    public void Crash()
    {
        Up = false;
        Incarnation++;
        PausedUntil = 0;
    }

    /// <summary>The node starts again as a new incarnation, from its durable state only.</summary>
    public void Restart()
    {
        Up = true;
        Incarnation++;
    }

    public override string ToString() => Name;
}
