namespace Cellular.Router.Forwarding.Lean;

/// <summary>Where one header line's name and value are in a response head.</summary>
/// <param name="NameStart">Offset of the name.</param>
/// <param name="NameLength">Length of the name.</param>
/// <param name="ValueStart">Offset of the value, without leading whitespace.</param>
/// <param name="ValueLength">Length of the value, without trailing whitespace.</param>
internal readonly record struct HeaderRange(int NameStart, int NameLength, int ValueStart, int ValueLength);
