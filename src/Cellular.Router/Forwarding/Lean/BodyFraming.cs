namespace Cellular.Router.Forwarding.Lean;

/// <summary>How the lean path frames the request body it sends to the cell.</summary>
internal enum BodyFraming
{
    /// <summary>No body.</summary>
    None,

    /// <summary>A body of the client's <c>Content-Length</c>.</summary>
    Length,

    /// <summary>A body of unknown length, sent chunked.</summary>
    Chunked,
}
