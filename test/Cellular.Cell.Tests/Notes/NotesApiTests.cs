using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Cellular.Cell.Tests.Notes;

public sealed class NotesApiTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private readonly TempDirectory _dataDir = new();
    private readonly NotesApp _app;

    public NotesApiTests() => _app = new NotesApp(_dataDir.Path, new FakeTimeProvider(Now));

    public void Dispose()
    {
        _app.Dispose();
        _dataDir.Dispose();
    }

    [Fact]
    public async Task PostNote_ValidText_Returns201WithLocationAndNote()
    {
        using var client = _app.ClientFor("acme");

        using var response = await client.PostAsJsonAsync("/notes", new { text = "hello" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/notes/1", response.Headers.Location?.OriginalString);
        var note = await response.Content.ReadFromJsonAsync<NoteDto>();
        Assert.Equal(new NoteDto(1, "hello", Now), note);
    }

    [Fact]
    public async Task PostNote_SeveralPerTenant_IdsIncreasePerTenant()
    {
        using var a = _app.ClientFor("a");
        using var b = _app.ClientFor("b");

        var a1 = await NotesApp.PostNoteAsync(a, "a1");
        var b1 = await NotesApp.PostNoteAsync(b, "b1");
        var a2 = await NotesApp.PostNoteAsync(a, "a2");
        var a3 = await NotesApp.PostNoteAsync(a, "a3");

        Assert.Equal([1, 2, 3], [a1.Id, a2.Id, a3.Id]);
        Assert.Equal(1, b1.Id);
    }

    [Fact]
    public async Task PostNote_ConcurrentWriters_EveryNoteGetsItsOwnId()
    {
        using var a = _app.ClientFor("a");

        var notes = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => NotesApp.PostNoteAsync(a, $"n{i}")));

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), notes.Select(n => n.Id).Order());
        var stored = await a.GetFromJsonAsync<List<NoteDto>>("/notes");
        Assert.Equal(20, stored!.Count);
    }

    [Fact]
    public async Task GetNotes_TwoTenants_EachSeesOnlyItsOwn()
    {
        using var a = _app.ClientFor("a");
        using var b = _app.ClientFor("b");
        await NotesApp.PostNoteAsync(a, "a1");
        await NotesApp.PostNoteAsync(b, "b1");
        await NotesApp.PostNoteAsync(a, "a2");

        var aNotes = await a.GetFromJsonAsync<List<NoteDto>>("/notes");
        var bNotes = await b.GetFromJsonAsync<List<NoteDto>>("/notes");

        Assert.Equal(["a1", "a2"], aNotes!.Select(n => n.Text));
        Assert.Equal(["b1"], bNotes!.Select(n => n.Text));
    }

    [Fact]
    public async Task GetNote_OwnId_ReturnsNote()
    {
        using var a = _app.ClientFor("a");
        var created = await NotesApp.PostNoteAsync(a, "mine");

        var note = await a.GetFromJsonAsync<NoteDto>($"/notes/{created.Id}");

        Assert.Equal(created, note);
    }

    [Fact]
    public async Task GetNote_OtherTenantsId_Returns404Problem()
    {
        using var a = _app.ClientFor("a");
        using var b = _app.ClientFor("b");
        await NotesApp.PostNoteAsync(a, "a1");
        await NotesApp.PostNoteAsync(a, "a2");
        await NotesApp.PostNoteAsync(b, "b1");

        using var response = await b.GetAsync(new Uri("/notes/2", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetNotes_Limit_ReturnsFirstNByIdAndAfterPages()
    {
        using var a = _app.ClientFor("a");
        for (var i = 1; i <= 5; i++)
        {
            await NotesApp.PostNoteAsync(a, $"n{i}");
        }

        var first = await a.GetFromJsonAsync<List<NoteDto>>("/notes?limit=2");
        var next = await a.GetFromJsonAsync<List<NoteDto>>("/notes?limit=2&after=2");

        Assert.Equal([1, 2], first!.Select(n => n.Id));
        Assert.Equal([3, 4], next!.Select(n => n.Id));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=abc")]
    [InlineData("limit=1001")]
    [InlineData("after=-1")]
    public async Task GetNotes_BadQuery_Returns400Problem(string query)
    {
        using var a = _app.ClientFor("a");

        using var response = await a.GetAsync(new Uri($"/notes?{query}", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task GetNotes_NoTenantHeader_Returns401ProblemNoAssertionCanBeMade()
    {
        using var client = _app.CreateSignedClient();

        using var response = await client.GetAsync(new Uri("/notes", UriKind.Relative));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PostNote_InvalidTenant_Returns401ProblemAndStoresNothing()
    {
        using var client = _app.ClientFor("x/y");

        using var response = await client.PostAsJsonAsync("/notes", new { text = "hello" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(0, (await GetInfoAsync()).Tenants);
    }

    [Theory]
    [InlineData("{\"text\":")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{\"text\":42}")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    [InlineData("{\"text\":\"hello\",\"tenant\":\"other\"}")]
    public async Task PostNote_MalformedJson_Returns400ProblemJson(string body)
    {
        using var client = _app.ClientFor("a");
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/notes", UriKind.Relative), content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Malformed JSON", problem.Title);
        Assert.Contains("{\"text\":\"hello\"}", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostNote_NotJsonContentType_Returns415Problem()
    {
        using var client = _app.ClientFor("a");
        using var content = new StringContent("text=hello", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await client.PostAsync(new Uri("/notes", UriKind.Relative), content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"text\":null}")]
    [InlineData("{\"text\":\"   \"}")]
    public async Task PostNote_MissingText_Returns400ValidationProblem(string body)
    {
        using var client = _app.ClientFor("a");
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/notes", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains("required", Assert.Single(problem!.Errors["text"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostNote_TextAtAndOverLimit_AcceptsThenRefuses()
    {
        using var client = _app.ClientFor("a");

        using var atLimit = await client.PostAsJsonAsync("/notes", new { text = new string('x', 10_000) });
        using var overLimit = await client.PostAsJsonAsync("/notes", new { text = new string('x', 10_001) });

        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, overLimit.StatusCode);
        var problem = await overLimit.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains("10001", Assert.Single(problem!.Errors["text"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetInfo_AfterWrites_CountsTenants()
    {
        using var a = _app.ClientFor("a");
        using var b = _app.ClientFor("b");
        await NotesApp.PostNoteAsync(a, "1");
        await NotesApp.PostNoteAsync(a, "2");
        await NotesApp.PostNoteAsync(b, "3");

        var info = await GetInfoAsync();

        Assert.Equal(2, info.Tenants);
        Assert.Equal("notes-test", info.Cell);
        Assert.Equal("3.1.4", info.Version);
    }

    [Fact]
    public async Task GetHealth_StoreReadable_ReturnsHealthy()
    {
        using var client = _app.CreateSignedClient();

        var health = await client.GetFromJsonAsync(new Uri("/_cell/health", UriKind.Relative), CellularJsonContext.Default.CellHealth);

        Assert.Equal("Healthy", health?.Status);
        Assert.Equal("notes-test", health?.Cell);
    }

    [Fact]
    public async Task Start_DataDir_HoldsNotesDbInWalMode()
    {
        using var client = _app.CreateSignedClient();
        await client.GetAsync(new Uri("/_cell/health", UriKind.Relative));

        var file = Path.Combine(_dataDir.Path, "notes.db");
        Assert.True(File.Exists(file));
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    private async Task<CellInfo> GetInfoAsync()
    {
        using var client = _app.CreateSignedClient();
        return (await client.GetFromJsonAsync(new Uri("/_cell/info", UriKind.Relative), CellularJsonContext.Default.CellInfo))!;
    }
}
