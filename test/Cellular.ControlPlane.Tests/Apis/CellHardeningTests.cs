using System.Net;
using System.Net.Http.Headers;
using Cellular.ControlPlane.Auth;
using Cellular.ControlPlane.Tests.Infrastructure;
using Cellular.Core.Security;
using Cellular.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cellular.ControlPlane.Tests.Apis;

/// <summary>Hardening from the attacker's run: dot ids, probes that echo, the credential on /_cell calls.</summary>
public sealed class CellHardeningTests : IDisposable
{
    private readonly TempDirectory _root = new("cp-hardening");

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("...")]
    public async Task CreateCell_IdOfOnlyDots_Returns400AndWritesNothingOutsideTheCellsDirectory(string id)
    {
        await using var app = new ControlPlaneApp(_root.Path, new Dictionary<string, string?> { ["Cellular:Process:CellCommand"] = FakeCellProgram.Path });
        using var client = app.Client();
        var before = Listing(_root.Path);

        using var response = await client.PostJsonAsync("/api/v1/cells", $$"""{"id":"{{id}}"}""");

        Assert.Contains("cell id", await response.AssertProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(before, Listing(_root.Path));
        Assert.False(File.Exists(Path.Combine(_root.Path, "cell.log")));
        Assert.False(Directory.Exists(app.CellsDirectory) && Directory.EnumerateFileSystemEntries(app.CellsDirectory).Any());
    }

    [Theory]
    [InlineData(500, "SECRET-BODY-FROM-SOMEWHERE")]
    [InlineData(200, "{\"status\":\"Healthy\",\"cell\":\"internal-admin-db\",\"version\":\"1\"}")]
    public async Task CreateStaticCell_EndpointAnswersSomethingElse_DoesNotEchoWhatAnswered(int status, string body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var other = builder.Build();
        other.MapGet("/_cell/health", () => Results.Text(body, "application/json", statusCode: status));
        await other.StartAsync();
        await using var app = new ControlPlaneApp(_root.Path);
        using var client = app.Client();

        using var response = await client.PostJsonAsync("/api/v1/cells", $$"""{"id":"c1","provider":"static","endpoint":"{{other.Urls.Single()}}"}""");

        var detail = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.DoesNotContain("SECRET-BODY", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("internal-admin-db", detail, StringComparison.Ordinal);
        var audit = await client.GetStringAsync("/api/v1/audit");
        Assert.DoesNotContain("SECRET-BODY", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("internal-admin-db", audit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/_cell/info", true)]
    [InlineData("/_cell/tenants/acme/export", true)]
    [InlineData("/_cell/faults", true)]
    [InlineData("/_cell/health", false)]
    [InlineData("/notes", false)]
    public async Task CellCredentialHandler_SignsEveryCellCallButHealth(string path, bool signed)
    {
        await using var app = new ControlPlaneApp(_root.Path);
        app.Client().Dispose();
        var recorder = new Recorder();
        var handler = app.Services.GetRequiredService<CellCredentialHandler>();
        handler.InnerHandler = recorder;
        using var invoker = new HttpMessageInvoker(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:9" + path);
        request.Options.Set(CellCredentialHandler.CellOption, "c7");

        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();

        var authorization = recorder.Authorization;
        Assert.Equal(signed, authorization is not null);
        if (signed)
        {
            Assert.Equal("Bearer", authorization!.Scheme);
            var controlKey = CellSecrets.DeriveControlKey(TestCredentials.SecretFor(_root.Path, "c7"));
            var now = TimeProvider.System.GetUtcNow();
            Assert.Null(ControlCredential.Validate(authorization.Parameter, controlKey, "c7", "GET", path, now, TimeSpan.Zero));
            Assert.NotNull(ControlCredential.Validate(authorization.Parameter, controlKey, "c8", "GET", path, now, TimeSpan.Zero));
            Assert.NotNull(ControlCredential.Validate(authorization.Parameter, controlKey, "c7", "POST", path, now, TimeSpan.Zero));
            Assert.NotNull(ControlCredential.Validate(authorization.Parameter, controlKey, "c7", "GET", "/_cell/faults/x", now, TimeSpan.Zero));
        }
    }

    [Fact]
    public async Task CellCredentialHandler_SendingTheSameRequestAgain_MakesANewCredential()
    {
        await using var app = new ControlPlaneApp(_root.Path);
        app.Client().Dispose();
        var recorder = new Recorder();
        var handler = app.Services.GetRequiredService<CellCredentialHandler>();
        handler.InnerHandler = recorder;
        using var invoker = new HttpMessageInvoker(handler);
        using var request = new HttpRequestMessage(HttpMethod.Delete, "http://127.0.0.1:9/_cell/tenants/a%2Db");
        request.Options.Set(CellCredentialHandler.CellOption, "c7");

        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();
        var first = recorder.Authorization!.Parameter;
        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();
        var second = recorder.Authorization!.Parameter;

        Assert.NotEqual(first, second);
        var controlKey = CellSecrets.DeriveControlKey(TestCredentials.SecretFor(_root.Path, "c7"));
        Assert.Null(ControlCredential.Validate(second, controlKey, "c7", "DELETE", "/_cell/tenants/a-b", TimeProvider.System.GetUtcNow(), TimeSpan.Zero));
    }

    [Fact]
    public async Task StaticCell_FaultCalls_CarryTheCredentialTheCellChecks()
    {
        await using var cell = await FakeCell.StartAsync("c1");
        await using var app = new ControlPlaneApp(_root.Path, new Dictionary<string, string?> { ["Cellular:ControlPlane:Health:Enabled"] = "false" });
        using var client = app.Client();
        await client.CreateStaticCellAsync(cell);
        cell.Secret = TestCredentials.SecretFor(_root.Path, "c1");
        var faults = app.Services.GetRequiredService<Cellular.ControlPlane.Experiments.CellFaultClient>();

        await faults.ClearAsync(cell.Endpoint, null, CancellationToken.None);
        using var raw = new HttpClient();
        using var unsigned = await raw.DeleteAsync(cell.Endpoint + "/_cell/faults");

        Assert.Equal(["DELETE *"], cell.FaultCalls);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(1, cell.Refused);
    }

    private static List<string> Listing(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", SearchOption.TopDirectoryOnly)
            .Order(StringComparer.Ordinal)
            .ToList();

    private sealed class Recorder : HttpMessageHandler
    {
        public AuthenticationHeaderValue? Authorization { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorization = request.Headers.Authorization;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
