using Cellular.Cell.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Cellular.Cell.Tests.Tenancy;

public sealed class TenantContextTests
{
    [Fact]
    public void FromHeaders_ValidTenant_IsValidWithId()
    {
        var tenant = TenantContext.FromHeaders(Headers(("X-Tenant-Id", "Acme.EU_1-x")));

        Assert.True(tenant.IsValid);
        Assert.Equal("Acme.EU_1-x", tenant.TenantId);
        Assert.Null(tenant.Epoch);
        Assert.Null(tenant.Error);
    }

    [Fact]
    public void FromHeaders_NoTenantHeader_ErrorSaysItIsMissing()
    {
        var tenant = TenantContext.FromHeaders(Headers());

        Assert.False(tenant.IsValid);
        Assert.Null(tenant.TenantId);
        Assert.Contains("no X-Tenant-Id header", tenant.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("ä")]
    public void FromHeaders_InvalidTenant_IsInvalid(string value)
    {
        var tenant = TenantContext.FromHeaders(Headers(("X-Tenant-Id", value)));

        Assert.False(tenant.IsValid);
        Assert.Null(tenant.TenantId);
        Assert.Contains("X-Tenant-Id is not valid", tenant.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHeaders_TenantTooLong_IsInvalid()
    {
        var tenant = TenantContext.FromHeaders(Headers(("X-Tenant-Id", new string('t', 129))));

        Assert.False(tenant.IsValid);
    }

    [Fact]
    public void FromHeaders_TwoTenantHeaders_IsInvalid()
    {
        var headers = new HeaderDictionary { ["X-Tenant-Id"] = new StringValues(["a", "b"]) };

        var tenant = TenantContext.FromHeaders(headers);

        Assert.False(tenant.IsValid);
        Assert.Contains("send exactly one", tenant.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHeaders_Epoch_IsParsed()
    {
        var tenant = TenantContext.FromHeaders(Headers(("X-Tenant-Id", "t1"), ("X-Tenant-Epoch", "42")));

        Assert.True(tenant.IsValid);
        Assert.Equal(42, tenant.Epoch);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("x")]
    [InlineData("99999999999999999999")]
    public void FromHeaders_MalformedEpoch_IsInvalid(string epoch)
    {
        var tenant = TenantContext.FromHeaders(Headers(("X-Tenant-Id", "t1"), ("X-Tenant-Epoch", epoch)));

        Assert.False(tenant.IsValid);
        Assert.Null(tenant.TenantId);
        Assert.Contains("X-Tenant-Epoch", tenant.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void GetTenantContext_CalledTwice_ParsesOnce()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["X-Tenant-Id"] = "t1";

        Assert.Same(context.GetTenantContext(), context.GetTenantContext());
        Assert.Equal("t1", context.GetTenantId());
    }

    [Fact]
    public void GetRequiredTenantId_NoTenant_ThrowsPointingAtRequireTenant()
    {
        var context = new DefaultHttpContext();

        var e = Assert.Throws<InvalidOperationException>(context.GetRequiredTenantId);

        Assert.Contains("RequireTenant()", e.Message, StringComparison.Ordinal);
    }

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }
}
