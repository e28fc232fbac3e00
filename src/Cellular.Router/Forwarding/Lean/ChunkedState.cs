namespace Cellular.Router.Forwarding.Lean;

/// <summary>Where <see cref="ChunkedDecoder"/> stands after the bytes it was given.</summary>
internal enum ChunkedState
{
    /// <summary>The body goes on: read more.</summary>
    NeedMore,

    /// <summary>The last chunk and the trailers were read: the body is whole.</summary>
    Done,

    /// <summary>The chunked framing is invalid (see <see cref="ChunkedDecoder.Error"/>).</summary>
    Invalid,
}
