using System.Net.Http.Json;
using Cellular.Cell.Tests.Infrastructure;

namespace Cellular.Cell.Tests.Notes;

public sealed class NotesRestartTests
{
    [Fact]
    public async Task Restart_SameDataDir_NotesAndSequenceSurvive()
    {
        using var dataDir = new TempDirectory();
        await using (var first = new NotesApp(dataDir.Path))
        {
            using var client = first.ClientFor("acme");
            await NotesApp.PostNoteAsync(client, "before restart");
        }

        await using var second = new NotesApp(dataDir.Path);
        using var again = second.ClientFor("acme");
        var notes = await again.GetFromJsonAsync<List<NoteDto>>("/notes");
        var next = await NotesApp.PostNoteAsync(again, "after restart");

        Assert.Equal("before restart", Assert.Single(notes!).Text);
        Assert.Equal(2, next.Id);
    }

    [Fact]
    public async Task Restart_FencedTenant_StaysFenced()
    {
        using var dataDir = new TempDirectory();
        await using (var first = new NotesApp(dataDir.Path))
        {
            using var admin = first.Admin();
            await admin.FencedAsync("acme", 3);
        }

        await using var second = new NotesApp(dataDir.Path);
        using var client = second.ClientFor("acme");
        using var response = await client.PostAsJsonAsync("/notes", new { text = "after restart" });

        await ProblemAssert.IsProblemAsync(response, System.Net.HttpStatusCode.MisdirectedRequest);
    }
}
