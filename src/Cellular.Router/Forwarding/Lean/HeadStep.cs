namespace Cellular.Router.Forwarding.Lean;

/// <summary>What the lean path found at the start of the cell's bytes.</summary>
internal enum HeadStep
{
    /// <summary>Not a whole head yet.</summary>
    Incomplete,

    /// <summary>Not a valid head.</summary>
    Invalid,

    /// <summary>A 1xx interim response, skipped.</summary>
    Interim,

    /// <summary>The final response head, applied to the client's response (or noted: 421, refused assertion).</summary>
    Final,
}
