using System.Net;
using System.Text;
using Cellular.Cell.Tests.Infrastructure;

namespace Cellular.Cell.Tests.Ownership;

public sealed class CellTenantEndpointsTests
{
    [Fact]
    public async Task Fence_AppWithoutStores_Returns501()
    {
        await using var cell = await TestCell.StartAsync();
        using var admin = new CellAdmin(cell.Client);

        using var response = await admin.FenceAsync("acme", 1);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotImplemented);
        Assert.Contains("ITenantOwnershipStore", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_InvalidTenant_Returns400()
    {
        await using var cell = await TestCell.StartAsync();

        using var response = await cell.Client.GetAsync(new Uri("/_cell/tenants/bad*tenant", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("fence", "{}")]
    [InlineData("fence", """{"epoch":-1}""")]
    [InlineData("fence?timeoutMs=abc", """{"epoch":1}""")]
    [InlineData("fence?timeoutMs=300001", """{"epoch":1}""")]
    [InlineData("activate", "{}")]
    [InlineData("moved", """{"epoch":1}""")]
    [InlineData("moved", """{"cell":"Not A Cell","epoch":1}""")]
    [InlineData("moved", """{"cell":"c1","epoch":1}""")]
    [InlineData("moved", """{"cell":"c2"}""")]
    [InlineData("import", """{"tenant":"other","watermark":0,"rows":[]}""")]
    [InlineData("changes", """{"tenant":"acme","changes":[{"seq":2,"op":"delete","key":"1"},{"seq":2,"op":"delete","key":"2"}],"next":2}""")]
    [InlineData("changes", """{"tenant":"acme","changes":[{"seq":1,"op":"upsert","key":"1"}],"next":1}""")]
    [InlineData("changes", """{"tenant":"acme","changes":[{"seq":5,"op":"delete","key":"1"}],"next":4}""")]
    [InlineData("fence", "{")]
    public async Task Post_InvalidRequest_Returns400(string call, string body)
    {
        await using var cell = await TestCell.StartAsync();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await cell.Client.PostAsync(new Uri($"/_cell/tenants/acme/{call}", UriKind.Relative), content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("changes?after=-1")]
    [InlineData("changes?limit=0")]
    [InlineData("changes?limit=10001")]
    public async Task GetChanges_BadQuery_Returns400(string call)
    {
        await using var cell = await TestCell.StartAsync();

        using var response = await cell.Client.GetAsync(new Uri($"/_cell/tenants/acme/{call}", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
