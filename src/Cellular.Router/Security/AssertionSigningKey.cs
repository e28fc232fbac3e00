namespace Cellular.Router.Security;

/// <summary>One cell's assertion key of one generation, as the control plane handed it out.</summary>
/// <param name="Cell">The cell whose assertions it signs.</param>
/// <param name="Generation">The key generation.</param>
/// <param name="Key">The 32-byte HMAC key.</param>
internal sealed record AssertionSigningKey(string Cell, long Generation, byte[] Key);
