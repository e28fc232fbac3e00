using System.Security.Cryptography;
using Cellular.Core.Security;

namespace Cellular.Core.Tests.Security;

public sealed class TenantAssertionTests
{
    private static readonly byte[] Master = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public void Create_ThenParseAndVerify_RoundTrips()
    {
        var key = CellSecrets.DeriveAssertionKey(CellSecrets.DeriveCellSecret(Master, "c1"), 3);
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var text = TenantAssertion.Create(key, 3, "c1", "acme.eu", 7, expires, "n1");

        Assert.True(TenantAssertion.TryParseUnverified(text, out var a));
        Assert.Equal(new TenantAssertion(3, "c1", "acme.eu", 7, expires, "n1"), a);
        Assert.True(TenantAssertion.VerifySignature(text, key));
    }

    [Fact]
    public void Create_WithAReusedKeyedState_SameTokenEveryTime()
    {
        var key = CellSecrets.DeriveAssertionKey(CellSecrets.DeriveCellSecret(Master, "c1"), 3);
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);

        // The state is left reset: the second token over it is the first one's twin, not a hash of both.
        var first = TenantAssertion.Create(mac, 3, "c1", "acme.eu", 7, expires, "n1");
        var second = TenantAssertion.Create(mac, 3, "c1", "acme.eu", 7, expires, "n1");
        var other = TenantAssertion.Create(mac, 3, "c1", "globex", 9, expires, "n2");

        Assert.Equal(TenantAssertion.Create(key, 3, "c1", "acme.eu", 7, expires, "n1"), first);
        Assert.Equal(first, second);
        Assert.True(TenantAssertion.VerifySignature(other, key));
        Assert.Equal(TenantAssertion.Create(key, 3, "c1", "globex", 9, expires, "n2"), other);
    }

    [Fact]
    public void VerifySignature_OtherCellsKeyOrTamperedField_Fails()
    {
        var secret = CellSecrets.DeriveCellSecret(Master, "c1");
        var key = CellSecrets.DeriveAssertionKey(secret, 1);
        var other = CellSecrets.DeriveAssertionKey(CellSecrets.DeriveCellSecret(Master, "c2"), 1);
        var text = TenantAssertion.Create(key, 1, "c1", "acme", 1, DateTimeOffset.UnixEpoch.AddYears(60), "n1");

        Assert.False(TenantAssertion.VerifySignature(text, other));
        Assert.False(TenantAssertion.VerifySignature(text.Replace(":acme:", ":evil:", StringComparison.Ordinal), key));
        Assert.False(TenantAssertion.VerifySignature(text, CellSecrets.DeriveAssertionKey(secret, 2)));
        Assert.False(TenantAssertion.VerifySignature(text, CellSecrets.DeriveControlKey(secret)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ta1:1:c1:acme:1:1:n")]
    [InlineData("ta2:1:c1:acme:1:1:n:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ta1:0:c1:acme:1:1:n:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ta1:1:C1:acme:1:1:n:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("ta1:1:c1:..:1:1:n:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void TryParseUnverified_Malformed_IsFalse(string text) => Assert.False(TenantAssertion.TryParseUnverified(text, out _));
}
