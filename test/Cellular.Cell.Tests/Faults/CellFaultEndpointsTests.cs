using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.Cell.Tests.Faults;

public sealed class CellFaultEndpointsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2031, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Now);
    private readonly CapturingLoggerProvider _logs = new();
    private TestCell? _cell;
    private CellAdmin? _admin;

    private CellAdmin Admin => _admin!;

    public async Task InitializeAsync()
    {
        _cell = await TestCell.StartAsync(b =>
        {
            b.Services.AddSingleton<TimeProvider>(_time);
            b.Logging.AddProvider(_logs);
        });
        _admin = new CellAdmin(_cell.Client);
    }

    public async Task DisposeAsync() => await _cell!.DisposeAsync();

    [Fact]
    public async Task PostFault_Valid_Returns201WithViewLocationAndExpiry()
    {
        using var response = await Admin.SetFaultAsync(new { kind = "error", status = 503, durationSeconds = 90, rate = 0.5, tenants = new[] { "acme", "acme", "Beta" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var fault = await CellAdmin.ReadAsync(response, CellularJsonContext.Default.CellFault);
        Assert.Equal($"/_cell/faults/{fault.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(CellFaultKind.Error, fault.Kind);
        Assert.Equal(503, fault.Status);
        Assert.Equal(0.5, fault.Rate);
        Assert.Equal(["acme", "Beta"], fault.Tenants);
        Assert.Equal(Now, fault.CreatedAt);
        Assert.Equal(Now.AddSeconds(90), fault.ExpiresAt);
        Assert.Contains("\"kind\":\"error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostFault_ErrorWithoutStatusOrRate_Defaults500AndRateOne()
    {
        var fault = await Admin.FaultAsync(new { kind = "error", durationSeconds = 5 });

        Assert.Equal(500, fault.Status);
        Assert.Equal(1.0, fault.Rate);
        Assert.Null(fault.Tenants);
    }

    [Theory]
    [InlineData("""{"kind":"slow","durationSeconds":10}""", "kind")]
    [InlineData("""{"kind":9,"durationSeconds":10}""", "kind")]
    [InlineData("""{"durationSeconds":10}""", "kind")]
    [InlineData("""{"kind":"error"}""", "durationSeconds")]
    [InlineData("""{"kind":"error","durationSeconds":0}""", "durationSeconds")]
    [InlineData("""{"kind":"error","durationSeconds":3601}""", "durationSeconds")]
    [InlineData("""{"kind":"error","durationSeconds":10,"rate":1.5}""", "rate")]
    [InlineData("""{"kind":"error","durationSeconds":10,"rate":-0.1}""", "rate")]
    [InlineData("""{"kind":"error","durationSeconds":10,"status":404}""", "status")]
    [InlineData("""{"kind":"error","durationSeconds":10,"status":600}""", "status")]
    [InlineData("""{"kind":"abort","durationSeconds":10,"status":500}""", "status")]
    [InlineData("""{"kind":"latency","durationSeconds":10}""", "latencyMs")]
    [InlineData("""{"kind":"latency","durationSeconds":10,"latencyMs":0}""", "latencyMs")]
    [InlineData("""{"kind":"error","durationSeconds":10,"latencyMs":5}""", "latencyMs")]
    [InlineData("""{"kind":"crash","durationSeconds":10,"tenants":["bad/tenant"]}""", "tenants")]
    [InlineData("""{"kind":"crash","durationSeconds":10,"tenants":[]}""", "tenants")]
    public async Task PostFault_Invalid_Returns400NamingTheField(string body, string field)
    {
        using var response = await PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadValidationAsync(response);
        Assert.Equal("Invalid fault", problem.Title);
        var errors = problem.Errors;
        Assert.True(errors.ContainsKey(field), $"Expected an error for '{field}', got: {string.Join(", ", errors.Keys)}");
        Assert.Empty(await ListAsync());
    }

    [Theory]
    [InlineData("""{"kind":"error","durationSeconds":""")]
    [InlineData("[1]")]
    [InlineData("null")]
    [InlineData("""{"kind":"error","durationSeconds":10,"tenantz":["acme"]}""")]
    public async Task PostFault_MalformedJsonOrUnknownField_Returns400MalformedJson(string body)
    {
        using var response = await PostRawAsync(body);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Malformed JSON", problem.Title);
    }

    [Fact]
    public async Task GetFaults_AfterExpiry_FaultIsGoneAndExpiryIsLogged()
    {
        var fault = await Admin.FaultAsync(new { kind = "abort", durationSeconds = 60 });
        var before = await ListAsync();

        _time.Advance(TimeSpan.FromSeconds(60));
        var after = await ListAsync();

        Assert.Equal([fault.Id], before.Select(f => f.Id));
        Assert.Empty(after);
        var expired = Assert.Single(_logs.Entries, e => e.EventId.Name == "LogFaultExpired");
        Assert.Equal(fault.Id, expired.StateValue("FaultId"));
        var set = Assert.Single(_logs.Entries, e => e.EventId.Name == "LogFaultSet");
        Assert.Equal(CellFaultKind.Abort, set.StateValue("Kind"));
        Assert.Equal(60, set.StateValue("DurationSeconds"));
    }

    [Fact]
    public async Task DeleteFault_Known_Returns204AndFaultIsGone()
    {
        var keep = await Admin.FaultAsync(new { kind = "abort", durationSeconds = 60 });
        var drop = await Admin.FaultAsync(new { kind = "error", durationSeconds = 60 });

        using var response = await Admin.Client.DeleteAsync(new Uri($"/_cell/faults/{drop.Id}", UriKind.Relative));
        using var again = await Admin.Client.DeleteAsync(new Uri($"/_cell/faults/{drop.Id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await ProblemAssert.IsProblemAsync(again, HttpStatusCode.NotFound);
        Assert.Equal([keep.Id], (await ListAsync()).Select(f => f.Id));
        Assert.Contains(_logs.Entries, e => e.EventId.Name == "LogFaultCleared" && Equals(e.StateValue("FaultId"), drop.Id));
    }

    [Fact]
    public async Task DeleteFaults_All_Returns204AndNoneRemain()
    {
        await Admin.FaultAsync(new { kind = "abort", durationSeconds = 60 });
        await Admin.FaultAsync(new { kind = "latency", latencyMs = 10, durationSeconds = 60 });

        using var response = await Admin.Client.DeleteAsync(new Uri("/_cell/faults", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task GetFault_ById_ReturnsItUntilItExpires()
    {
        var fault = await Admin.FaultAsync(new { kind = "crash", durationSeconds = 10, tenants = new[] { "poison" } });

        var found = await Admin.Client.GetFromJsonAsync($"/_cell/faults/{fault.Id}", CellularJsonContext.Default.CellFault);
        _time.Advance(TimeSpan.FromSeconds(10));
        using var gone = await Admin.Client.GetAsync(new Uri($"/_cell/faults/{fault.Id}", UriKind.Relative));

        Assert.Equal(fault.Id, found!.Id);
        Assert.Equal(fault.ExpiresAt, found.ExpiresAt);
        Assert.Equal(["poison"], found.Tenants);
        await ProblemAssert.IsProblemAsync(gone, HttpStatusCode.NotFound);
    }

    private async Task<List<CellFault>> ListAsync() =>
        (await Admin.Client.GetFromJsonAsync(new Uri("/_cell/faults", UriKind.Relative), CellularJsonContext.Default.ListCellFault))!;

    private async Task<HttpResponseMessage> PostRawAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await Admin.Client.PostAsync(new Uri("/_cell/faults", UriKind.Relative), content);
    }

    private static async Task<ValidationProblemDetails> ReadValidationAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
}
