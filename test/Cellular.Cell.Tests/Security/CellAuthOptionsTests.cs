using System.Net;
using Cellular.Cell.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Tests.Security;

/// <summary>Start-up rules of <c>Cellular:Cell:Auth</c>: a secret, or an explicit AllowUnsigned.</summary>
public sealed class CellAuthOptionsTests
{
    [Fact]
    public async Task Start_NoSecretNorAllowUnsigned_RefusesNamingBothKeys()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => TestCell.StartAsync(b => b.Configuration["Cellular:Cell:Auth:Secret"] = ""));

        Assert.Contains("Cellular:Cell:Auth:Secret", e.ToString(), StringComparison.Ordinal);
        Assert.Contains("Cellular:Cell:Auth:AllowUnsigned", e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("not base64 at all, but secret-looking ***")]
    public async Task Start_MalformedSecret_RefusesWithoutQuotingIt(string secret)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => TestCell.StartAsync(b => b.Configuration["Cellular:Cell:Auth:Secret"] = secret));

        Assert.Contains("Cellular:Cell:Auth:Secret is not a cell secret", e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:10:01")]
    public async Task Start_ClockSkewOutOfRange_Refuses(string skew)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => TestCell.StartAsync(b => b.Configuration["Cellular:Cell:Auth:ClockSkew"] = skew));

        Assert.Contains("Cellular:Cell:Auth:ClockSkew", e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("01:00:01")]
    public async Task Start_PreviousGenerationGraceOutOfRange_Refuses(string grace)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => TestCell.StartAsync(b => b.Configuration["Cellular:Cell:Auth:PreviousGenerationGrace"] = grace));

        Assert.Contains("Cellular:Cell:Auth:PreviousGenerationGrace", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowUnsignedWithoutSecret_ServesUnsignedAndLeavesContractOpenWithAWarning()
    {
        var logs = new CapturingLoggerProvider();
        await using var cell = await TestCell.StartAsync(
            b =>
            {
                b.Configuration["Cellular:Cell:Auth:Secret"] = "";
                b.Configuration["Cellular:Cell:Auth:AllowUnsigned"] = "true";
                b.Logging.AddProvider(logs);
            },
            app => app.MapGet("/work", () => "ok"));
        using var raw = cell.CreateRawClient();

        using var tenant = await raw.GetAsync(new Uri("/work", UriKind.Relative));
        using var faults = await raw.GetAsync(new Uri("/_cell/faults", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, tenant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, faults.StatusCode);
        var warning = Assert.Single(logs.Entries, e => e.EventId.Id == 32);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("AllowUnsigned", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowUnsignedWithSecret_ServesUnsignedButChecksAssertionsAndContract()
    {
        await using var cell = await TestCell.StartAsync(
            b => b.Configuration["Cellular:Cell:Auth:AllowUnsigned"] = "true",
            app => app.MapGet("/work", (HttpContext context) => "ok"));
        using var raw = cell.CreateRawClient();
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/work");
        forged.Headers.Add("X-Tenant-Id", "acme");
        forged.Headers.Add("X-Tenant-Epoch", "0");
        forged.Headers.Add("X-Cellular-Assertion", cell.Signer.Assertion("acme", 0, cell: "c9"));

        using var unsigned = await raw.GetAsync(new Uri("/work", UriKind.Relative));
        using var bad = await raw.SendAsync(forged);
        using var faults = await raw.GetAsync(new Uri("/_cell/faults", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, unsigned.StatusCode);
        await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(faults, HttpStatusCode.Unauthorized);
    }
}
