using Cellular.Core.Security;
using Xunit;

namespace Cellular.Core.Tests.Security;

/// <summary>The control credential is bound to its cell, expiry and the request's method and path.</summary>
public sealed class ControlCredentialTests
{
    private static readonly byte[] _master = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly DateTimeOffset _now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly byte[] _key = CellSecrets.DeriveControlKey(CellSecrets.DeriveCellSecret(_master, "c1"));

    [Fact]
    public void Validate_ChecksCellSignatureAndExpiry()
    {
        var token = ControlCredential.Create(_key, "c1", "GET", "/_cell/info", _now.AddMinutes(1), "x");

        Assert.Null(ControlCredential.Validate(token, _key, "c1", "GET", "/_cell/info", _now, TimeSpan.Zero));
        Assert.Contains("another cell", ControlCredential.Validate(token, _key, "c2", "GET", "/_cell/info", _now, TimeSpan.Zero), StringComparison.Ordinal);
        Assert.Contains("expired", ControlCredential.Validate(token, _key, "c1", "GET", "/_cell/info", _now.AddMinutes(2), TimeSpan.Zero), StringComparison.Ordinal);
        Assert.Null(ControlCredential.Validate(token, _key, "c1", "GET", "/_cell/info", _now.AddMinutes(2), TimeSpan.FromMinutes(1)));
        Assert.Contains("signature", ControlCredential.Validate(token, CellSecrets.DeriveAssertionKey(CellSecrets.DeriveCellSecret(_master, "c1"), 1), "c1", "GET", "/_cell/info", _now, TimeSpan.Zero), StringComparison.Ordinal);
        Assert.Contains("missing", ControlCredential.Validate(null, _key, "c1", "GET", "/_cell/info", _now, TimeSpan.Zero), StringComparison.Ordinal);
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
        var token = ControlCredential.Create(_key, "c1", "GET", "/_cell/info", _now.AddMinutes(1), "x");

        var reason = ControlCredential.Validate(token, _key, "c1", method, path, _now, TimeSpan.Zero);

        Assert.Contains("another request", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MethodInAnyCase_IsTheSameMethod()
    {
        var token = ControlCredential.Create(_key, "c1", "delete", "/_cell/tenants/acme", _now.AddMinutes(1), "x");

        Assert.Null(ControlCredential.Validate(token, _key, "c1", "DELETE", "/_cell/tenants/acme", _now, TimeSpan.Zero));
    }

    [Fact]
    public void Create_MethodAndPath_AreNotWrittenIntoTheToken()
    {
        var token = ControlCredential.Create(_key, "c1", "POST", "/_cell/faults", _now.AddMinutes(1), "id1");

        Assert.StartsWith($"cc1:c1:{_now.AddMinutes(1).ToUnixTimeMilliseconds()}:id1:", token, StringComparison.Ordinal);
        Assert.Equal(5, token.Split(':').Length);
        Assert.DoesNotContain("_cell", token, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Valid_GivesTheCredentialsFields()
    {
        var expires = _now.AddMinutes(1);
        var token = ControlCredential.Create(_key, "c1", "GET", "/_cell/info", expires, "abc123");

        Assert.Null(ControlCredential.Validate(token, _key, "c1", "GET", "/_cell/info", _now, TimeSpan.Zero, out var credential));
        Assert.Equal(new ControlCredential("c1", expires, "abc123"), credential);

        Assert.NotNull(ControlCredential.Validate(token, _key, "c1", "PUT", "/_cell/info", _now, TimeSpan.Zero, out var refused));
        Assert.Null(refused);
    }

    [Theory]
    [InlineData("cc1:c1:1800000060000::AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("cc1:c1:99999999999999999:x:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("cc1:c1:1800000060000:x:y:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Validate_Malformed_IsRefused(string token) =>
        Assert.Contains("malformed", ControlCredential.Validate(token, _key, "c1", "GET", "/_cell/info", _now, TimeSpan.Zero), StringComparison.Ordinal);

    [Fact]
    public void SignedTokenFormat_Context_IsCoveredByTheMac()
    {
        var bound = SignedTokenFormat.Sign("cc1:c1:1:x", _key, "GET\n/a");
        var unbound = SignedTokenFormat.Sign("cc1:c1:1:x", _key);

        Assert.NotEqual(bound, unbound);
        Assert.True(SignedTokenFormat.Verify(bound, _key, out _, "GET\n/a"));
        Assert.False(SignedTokenFormat.Verify(bound, _key, out _));
        Assert.False(SignedTokenFormat.Verify(bound, _key, out _, "GET\n/b"));
        Assert.False(SignedTokenFormat.Verify(unbound, _key, out _, "GET\n/a"));
    }
}
