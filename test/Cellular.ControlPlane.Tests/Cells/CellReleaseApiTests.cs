using System.Net;
using System.Net.Http.Json;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Json;
using Cellular.Testing;

namespace Cellular.ControlPlane.Tests.Cells;

/// <summary>A cell's release (version, artifact, config) as it enters through <c>POST /api/v1/cells</c> and shows in the registry.</summary>
public sealed class CellReleaseApiTests : IDisposable
{
    private readonly TempDirectory _root = new("cp-cell-release");
    private readonly ControlPlaneApp _app;
    private readonly HttpClient _client;

    public CellReleaseApiTests()
    {
        _app = new ControlPlaneApp(_root.Path);
        _client = _app.Client();
    }

    public void Dispose()
    {
        _client.Dispose();
        _app.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task CreateCell_WithArtifactAndConfig_ShowsItsReleaseWithoutAPreviousOne()
    {
        await using var cell = await FakeCell.StartAsync("c1");

        using var response = await _client.PostJsonAsync(
            "/api/v1/cells",
            $$$"""{"id":"c1","endpoint":"{{{cell.Endpoint}}}","version":"1.4.0","artifact":"/opt/app/app.dll","config":{"Feature:Search":"on"}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var listed = (await _client.GetFromJsonAsync("/api/v1/cells", CellularJsonContext.Default.ListCellView))!.Single();
        Assert.NotNull(listed.Release);
        Assert.Equal(("1.4.0", "/opt/app/app.dll", "on"), (listed.Release!.Version, listed.Release.Artifact, listed.Release.Config["Feature:Search"]));
        Assert.Null(listed.PreviousRelease);
        Assert.Null(listed.Deployment);
    }

    [Theory]
    [InlineData("""{"Cellular:Cell:Id":"other"}""", "reserved")]
    [InlineData("""{"urls":"http://0.0.0.0:80"}""", "reserved")]
    [InlineData("""{"bad key":"x"}""", "not valid")]
    [InlineData("""{"-flag":"x"}""", "not starting with '-'")]
    public async Task CreateCell_ConfigKeyThatCouldRenameOrRebindTheCell_Refused(string config, string expected)
    {
        await using var cell = await FakeCell.StartAsync("c1");

        using var response = await _client.PostJsonAsync("/api/v1/cells", $$$"""{"id":"c1","endpoint":"{{{cell.Endpoint}}}","config":{{{config}}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCell_TemplateOnAStaticCell_RefusedNamingTheProvider()
    {
        await using var cell = await FakeCell.StartAsync("c1");

        using var response = await _client.PostJsonAsync("/api/v1/cells", $$"""{"id":"c1","endpoint":"{{cell.Endpoint}}","template":"notes"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Only 'command' cells take a 'template'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateCell_ArtifactWithControlCharacters_Refused()
    {
        await using var cell = await FakeCell.StartAsync("c1");

        using var response = await _client.PostJsonAsync("/api/v1/cells", $$"""{"id":"c1","endpoint":"{{cell.Endpoint}}","artifact":"/opt/app\napp"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("artifact", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
