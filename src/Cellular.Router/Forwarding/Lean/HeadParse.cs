namespace Cellular.Router.Forwarding.Lean;

/// <summary>What <see cref="ResponseHead.TryParse"/> made of the bytes it was given.</summary>
internal enum HeadParse
{
    /// <summary>The head is not complete yet: read more.</summary>
    Incomplete,

    /// <summary>A whole, valid head.</summary>
    Complete,

    /// <summary>The cell sent something that is not a valid HTTP/1.1 response head (see <see cref="ResponseHead.Error"/>).</summary>
    Invalid,
}
