using Cellular.Core.Security;

namespace Cellular.Core.Tests.Security;

/// <summary>The control credential is bound to its cell, expiry and the request's method and path.</summary>
public sealed class ControlCredentialTests
{
    private static readonly byte[] Master = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly byte[] Key = CellSecrets.DeriveControlKey(CellSecrets.DeriveCellSecret(Master, "c1"));

    [Fact]
    public void Validate_ChecksCellSignatureAndExpiry()
    {
        var token = ControlCredential.Create(Key, "c1", "GET", "/_cell/info", Now.AddMinutes(1), "x");

        Assert.Null(ControlCredential.Validate(token, Key, "c1", "GET", "/_cell/info", Now, TimeSpan.Zero));
        Assert.Contains("another cell", ControlCredential.Validate(token, Key, "c2", "GET", "/_cell/info", Now, TimeSpan.Zero), StringComparison.Ordinal);
        Assert.Contains("expired", ControlCredential.Validate(token, Key, "c1", "GET", "/_cell/info", Now.AddMinutes(2), TimeSpan.Zero), StringComparison.Ordinal);
        Assert.Null(ControlCredential.Validate(token, Key, "c1", "GET", "/_cell/info", Now.AddMinutes(2), TimeSpan.FromMinutes(1)));
        Assert.Contains("signature", ControlCredential.Validate(token, CellSecrets.DeriveAssertionKey(CellSecrets.DeriveCellSecret(Master, "c1"), 1), "c1", "GET", "/_cell/info", Now, TimeSpan.Zero), StringComparison.Ordinal);
        Assert.Contains("missing", ControlCredential.Validate(null, Key, "c1", "GET", "/_cell/info", Now, TimeSpan.Zero), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/_cell/info")]
    [InlineData("POST", "/_cell/faults")]
    [InlineData("GET", "/_cell/tenants/acme/export")]
    [InlineData("DELETE", "/_cell/tenants/acme")]
    [InlineData("GET", "/_cell/info/")]
    [InlineData("GET", "/_cell/Info")]
    [InlineData("GET", "")]
    public void Validate_AnotherMethodOrPath_IsRefused(string method, string path)
    {
        var token = ControlCredential.Create(Key, "c1", "GET", "/_cell/info", Now.AddMinutes(1), "x");

        var reason = ControlCredential.Validate(token, Key, "c1", method, path, Now, TimeSpan.Zero);

        Assert.Contains("another request", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MethodInAnyCase_IsTheSameMethod()
    {
        var token = ControlCredential.Create(Key, "c1", "delete", "/_cell/tenants/acme", Now.AddMinutes(1), "x");

        Assert.Null(ControlCredential.Validate(token, Key, "c1", "DELETE", "/_cell/tenants/acme", Now, TimeSpan.Zero));
    }

    [Fact]
    public void Create_MethodAndPath_AreNotWrittenIntoTheToken()
    {
        var token = ControlCredential.Create(Key, "c1", "POST", "/_cell/faults", Now.AddMinutes(1), "id1");

        Assert.StartsWith($"cc1:c1:{Now.AddMinutes(1).ToUnixTimeMilliseconds()}:id1:", token, StringComparison.Ordinal);
        Assert.Equal(5, token.Split(':').Length);
        Assert.DoesNotContain("_cell", token, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Valid_GivesTheCredentialsFields()
    {
        var expires = Now.AddMinutes(1);
        var token = ControlCredential.Create(Key, "c1", "GET", "/_cell/info", expires, "abc123");

        Assert.Null(ControlCredential.Validate(token, Key, "c1", "GET", "/_cell/info", Now, TimeSpan.Zero, out var credential));
        Assert.Equal(new ControlCredential("c1", expires, "abc123"), credential);

        Assert.NotNull(ControlCredential.Validate(token, Key, "c1", "PUT", "/_cell/info", Now, TimeSpan.Zero, out var refused));
        Assert.Null(refused);
    }

    [Theory]
    [InlineData("cc1:c1:1800000060000::AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("cc1:c1:99999999999999999:x:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("cc1:c1:1800000060000:x:y:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Validate_Malformed_IsRefused(string token) =>
        Assert.Contains("malformed", ControlCredential.Validate(token, Key, "c1", "GET", "/_cell/info", Now, TimeSpan.Zero), StringComparison.Ordinal);

    [Fact]
    public void SignedTokenFormat_Context_IsCoveredByTheMac()
    {
        var bound = SignedTokenFormat.Sign("cc1:c1:1:x", Key, "GET\n/a");
        var unbound = SignedTokenFormat.Sign("cc1:c1:1:x", Key);

        Assert.NotEqual(bound, unbound);
        Assert.True(SignedTokenFormat.Verify(bound, Key, out _, "GET\n/a"));
        Assert.False(SignedTokenFormat.Verify(bound, Key, out _));
        Assert.False(SignedTokenFormat.Verify(bound, Key, out _, "GET\n/b"));
        Assert.False(SignedTokenFormat.Verify(unbound, Key, out _, "GET\n/a"));
    }
}
