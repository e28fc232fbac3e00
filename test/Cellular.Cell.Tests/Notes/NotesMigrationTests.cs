using System.Net;
using System.Net.Http.Json;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.Cell.Tests.Notes;

/// <summary>The cell contract for moving a tenant, on two Notes cells with their own data directories.</summary>
public sealed class NotesMigrationTests : IDisposable
{
    private readonly TempDirectory _sourceDir = new();
    private readonly TempDirectory _targetDir = new();
    private readonly NotesApp _source;
    private readonly NotesApp _target;
    private readonly CellAdmin _sourceAdmin;
    private readonly CellAdmin _targetAdmin;

    public NotesMigrationTests()
    {
        _source = new NotesApp(_sourceDir.Path, cellId: "c1");
        _target = new NotesApp(_targetDir.Path, cellId: "c2");
        _sourceAdmin = _source.Admin();
        _targetAdmin = _target.Admin();
    }

    public void Dispose()
    {
        _sourceAdmin.Dispose();
        _targetAdmin.Dispose();
        _source.Dispose();
        _target.Dispose();
        _sourceDir.Dispose();
        _targetDir.Dispose();
    }

    [Fact]
    public async Task Fence_ThenWrite_Returns421AndStoresNothing()
    {
        using var acme = _source.ClientFor("acme");
        await NotesApp.PostNoteAsync(acme, "one");
        await NotesApp.PostNoteAsync(acme, "two");

        var fenced = await _sourceAdmin.FencedAsync("acme", 1);
        using var post = await acme.PostAsJsonAsync("/notes", new { text = "three" });
        using var delete = await acme.DeleteAsync(new Uri("/notes/1", UriKind.Relative));
        using var other = _source.ClientFor("other");
        var otherNote = await NotesApp.PostNoteAsync(other, "unaffected");

        Assert.Equal(new TenantFenceResult("acme", 1, 2, fenced.DrainMilliseconds), fenced);
        var problem = await ProblemAssert.IsProblemAsync(post, HttpStatusCode.MisdirectedRequest);
        Assert.Equal("c1", problem.Extensions["cell"]?.ToString());
        Assert.False(post.Headers.Contains(CellularHeaders.TenantOwner));
        await ProblemAssert.IsProblemAsync(delete, HttpStatusCode.MisdirectedRequest);
        Assert.Equal(1, otherNote.Id);
        var view = await _sourceAdmin.GetAsync("acme");
        Assert.Equal(new CellTenantView("acme", TenantOwnershipState.Fenced, 1, null, 2, 2, 0), view);
    }

    [Fact]
    public async Task Fence_DuringConcurrentWrites_PositionCoversEveryAcknowledgedWriteAndNothingElseIsStored()
    {
        using var acme = _source.ClientFor("acme");
        await NotesApp.PostNoteAsync(acme, "warm-up");

        var writes = Enumerable.Range(0, 40).Select(async i =>
        {
            using var response = await acme.PostAsJsonAsync("/notes", new { text = $"n{i}" });
            return response.StatusCode == HttpStatusCode.Created
                ? (await response.Content.ReadFromJsonAsync<NoteDto>())!.Id
                : response.StatusCode == HttpStatusCode.MisdirectedRequest ? -1 : throw new InvalidOperationException($"Unexpected {response.StatusCode}");
        }).ToList();
        await Task.Delay(5);
        var fenced = await _sourceAdmin.FencedAsync("acme", 1);
        var results = await Task.WhenAll(writes);

        var acknowledged = results.Where(id => id > 0).Append(1).Order().ToList();
        Assert.All(acknowledged, id => Assert.True(id <= fenced.Position, $"Note {id} was acknowledged after the fence at {fenced.Position}."));
        var stats = await _sourceAdmin.GetAsync("acme");
        Assert.Equal(acknowledged.Count, stats.Rows);
        Assert.Equal(fenced.Position, stats.Watermark);
        Assert.Equal(Enumerable.Range(1, acknowledged.Count).Select(i => (long)i), acknowledged);
    }

    [Fact]
    public async Task FenceWhileLatencyFaultHoldsAWrite_WaitsForItAndTheWriteIsRefused()
    {
        using var acme = _source.ClientFor("acme");
        await NotesApp.PostNoteAsync(acme, "before");
        await _sourceAdmin.FaultAsync(new { kind = "latency", latencyMs = 600, durationSeconds = 60, tenants = new[] { "acme" } });

        var slow = acme.PostAsJsonAsync("/notes", new { text = "slowed" });
        await WaitForInFlightAsync("acme");
        var fenced = await _sourceAdmin.FencedAsync("acme", 1);
        using var slowResponse = await slow;

        Assert.True(slowResponse.StatusCode == HttpStatusCode.MisdirectedRequest, $"The held write got {slowResponse.StatusCode}.");
        Assert.True(fenced.DrainMilliseconds >= 100, $"The fence drained in {fenced.DrainMilliseconds} ms.");
        Assert.Equal(1, fenced.Position);
        Assert.Equal(1, (await _sourceAdmin.GetAsync("acme")).Rows);
    }

    [Fact]
    public async Task ExportImport_IntoSecondCell_HashesAndNotesAreEqual()
    {
        using var acme = _source.ClientFor("acme");
        for (var i = 1; i <= 5; i++)
        {
            await NotesApp.PostNoteAsync(acme, $"note {i} ✓");
        }

        using var deleted = await acme.DeleteAsync(new Uri("/notes/2", UriKind.Relative));
        var snapshot = await _sourceAdmin.ExportAsync("acme");

        await _targetAdmin.FencedAsync("acme", 2);
        using var imported = await _targetAdmin.ImportAsync(snapshot);
        using var again = await _targetAdmin.ImportAsync(snapshot);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(6, snapshot.Watermark);
        Assert.Equal(4, snapshot.Rows.Count);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var sourceHash = await _sourceAdmin.HashAsync("acme");
        var targetHash = await _targetAdmin.HashAsync("acme");
        Assert.Equal(sourceHash, targetHash);
        Assert.Equal(4, targetHash.Rows);
        Assert.NotEqual(sourceHash.Value, (await _sourceAdmin.HashAsync("nobody")).Value);
        var view = await _targetAdmin.GetAsync("acme");
        Assert.Equal(new CellTenantView("acme", TenantOwnershipState.Fenced, 2, null, 4, 6, 0), view);
    }

    [Fact]
    public async Task Changes_AfterWatermark_ReturnExactlyTheLaterWritesAndApplyMakesHashesEqual()
    {
        using var acme = _source.ClientFor("acme");
        await NotesApp.PostNoteAsync(acme, "a");
        await NotesApp.PostNoteAsync(acme, "b");
        var snapshot = await _sourceAdmin.ExportAsync("acme");
        await _targetAdmin.FencedAsync("acme", 2);
        using var imported = await _targetAdmin.ImportAsync(snapshot);

        await NotesApp.PostNoteAsync(acme, "c");
        using var deleted = await acme.DeleteAsync(new Uri("/notes/1", UriKind.Relative));
        await NotesApp.PostNoteAsync(acme, "d");
        using var other = _source.ClientFor("other");
        await NotesApp.PostNoteAsync(other, "not acme");
        var page = await _sourceAdmin.ChangesAsync("acme", snapshot.Watermark);
        var empty = await _sourceAdmin.ChangesAsync("acme", page.Next);
        using var applied = await _targetAdmin.ApplyAsync(page);
        using var appliedTwice = await _targetAdmin.ApplyAsync(page);

        Assert.Equal(2, snapshot.Watermark);
        Assert.Equal([3L, 4, 5], page.Changes.Select(c => c.Seq));
        Assert.Equal(["3", "1", "5"], page.Changes.Select(c => c.Key));
        Assert.Equal([TenantChangeOperation.Upsert, TenantChangeOperation.Delete, TenantChangeOperation.Upsert], page.Changes.Select(c => c.Op));
        Assert.Null(page.Changes[1].Row);
        Assert.Equal("c", page.Changes[0].Row!.Value.GetProperty("text").GetString());
        Assert.Equal((5L, false, 5L), (page.Next, page.HasMore, page.HighWater));
        Assert.Empty(empty.Changes);
        Assert.Equal(5, empty.Next);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(HttpStatusCode.OK, appliedTwice.StatusCode);
        Assert.Equal(await _sourceAdmin.HashAsync("acme"), await _targetAdmin.HashAsync("acme"));
        Assert.Equal(5, (await _targetAdmin.GetAsync("acme")).Watermark);
    }

    [Fact]
    public async Task Changes_Limit_PagesInSeqOrderUntilHasMoreIsFalse()
    {
        using var acme = _source.ClientFor("acme");
        for (var i = 1; i <= 5; i++)
        {
            await NotesApp.PostNoteAsync(acme, $"n{i}");
        }

        var first = await _sourceAdmin.ChangesAsync("acme", 0, limit: 2);
        var second = await _sourceAdmin.ChangesAsync("acme", first.Next, limit: 2);
        var third = await _sourceAdmin.ChangesAsync("acme", second.Next, limit: 2);

        Assert.Equal([1L, 2], first.Changes.Select(c => c.Seq));
        Assert.Equal((2L, true), (first.Next, first.HasMore));
        Assert.Equal([3L, 4], second.Changes.Select(c => c.Seq));
        Assert.Equal((4L, true), (second.Next, second.HasMore));
        Assert.Equal([5L], third.Changes.Select(c => c.Seq));
        Assert.Equal((5L, false), (third.Next, third.HasMore));
    }

    [Fact]
    public async Task Move_FullWorkflow_TargetServesTheTenantAndSourceRedirects()
    {
        using var source = _source.ClientFor("acme", epoch: 1);
        await NotesApp.PostNoteAsync(source, "copied");
        using var deletedBeforeCopy = await source.DeleteAsync(new Uri("/notes/1", UriKind.Relative));
        await NotesApp.PostNoteAsync(source, "kept");

        // Copying: the target is fenced for the new epoch so nothing it serves can be overwritten.
        await _targetAdmin.FencedAsync("acme", 2);
        var snapshot = await _sourceAdmin.ExportAsync("acme");
        using var imported = await _targetAdmin.ImportAsync(snapshot);

        // CatchingUp: writes keep landing on the source.
        await NotesApp.PostNoteAsync(source, "during catch-up");
        var catchUp = await _sourceAdmin.ChangesAsync("acme", snapshot.Watermark);
        using var caughtUp = await _targetAdmin.ApplyAsync(catchUp);

        // Fenced + FinalSync.
        var fenced = await _sourceAdmin.FencedAsync("acme", 2);
        var final = await _sourceAdmin.ChangesAsync("acme", catchUp.Next);
        using var finalApplied = await _targetAdmin.ApplyAsync(final);
        var sourceHash = await _sourceAdmin.HashAsync("acme");
        var targetHash = await _targetAdmin.HashAsync("acme");

        // Switched + Cleanup.
        using var activated = await _targetAdmin.ActivateAsync("acme", 2);
        using var moved = await _sourceAdmin.MovedAsync("acme", "c2", 2);
        using var target = _target.ClientFor("acme", epoch: 2);
        var onTarget = await NotesApp.PostNoteAsync(target, "after the move");
        using var staleRoute = await source.PostAsJsonAsync("/notes", new { text = "lost?" });
        using var purged = await _sourceAdmin.PurgeAsync("acme");

        Assert.Equal(fenced.Position, final.Next);
        Assert.Equal(sourceHash, targetHash);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(fenced.Position + 1, onTarget.Id);
        var notes = await target.GetFromJsonAsync<List<NoteDto>>("/notes");
        Assert.Equal(["kept", "during catch-up", "after the move"], notes!.Select(n => n.Text));
        await ProblemAssert.IsProblemAsync(staleRoute, HttpStatusCode.MisdirectedRequest);
        Assert.Equal("c2", staleRoute.Headers.GetValues(CellularHeaders.TenantOwner).Single());
        Assert.Equal(HttpStatusCode.NoContent, purged.StatusCode);
        Assert.Equal(new CellTenantView("acme", TenantOwnershipState.Moved, 2, "c2", 0, 0, 0), await _sourceAdmin.GetAsync("acme"));
        Assert.Equal(0, (await GetInfoAsync(_sourceAdmin)).Tenants);
        Assert.Equal(1, (await GetInfoAsync(_targetAdmin)).Tenants);
    }

    [Fact]
    public async Task Purge_ServingOrFenced_Refused409UnlessForced()
    {
        using var acme = _source.ClientFor("acme");
        await NotesApp.PostNoteAsync(acme, "precious");

        using var serving = await _sourceAdmin.PurgeAsync("acme");
        await _sourceAdmin.FencedAsync("acme", 1);
        using var fenced = await _sourceAdmin.PurgeAsync("acme", force: false);
        var kept = await _sourceAdmin.GetAsync("acme");
        using var forced = await _sourceAdmin.PurgeAsync("acme", force: true);

        var problem = await ProblemAssert.IsProblemAsync(serving, HttpStatusCode.Conflict);
        Assert.Contains("force=true", problem.Detail, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(fenced, HttpStatusCode.Conflict);
        Assert.Equal(1, kept.Rows);
        Assert.Equal(HttpStatusCode.NoContent, forced.StatusCode);
        Assert.Equal(0, (await _sourceAdmin.GetAsync("acme")).Rows);
    }

    [Fact]
    public async Task ForcedPurgeWithEpoch_OnlyDeletesACopyFencedAtThatEpoch()
    {
        using var acme = _source.ClientFor("acme");
        await NotesApp.PostNoteAsync(acme, "precious");

        // Served here: a late rollback's purge of "its" copy must not delete it.
        using var serving = await _sourceAdmin.PurgeAsync("acme", force: true, epoch: 1);
        await _sourceAdmin.FencedAsync("acme", 2);
        using var otherEpoch = await _sourceAdmin.PurgeAsync("acme", force: true, epoch: 3);
        var kept = await _sourceAdmin.GetAsync("acme");
        using var thatEpoch = await _sourceAdmin.PurgeAsync("acme", force: true, epoch: 2);
        using var badEpoch = await _sourceAdmin.PurgeAsync("acme", force: true, epoch: -1);

        var problem = await ProblemAssert.IsProblemAsync(serving, HttpStatusCode.Conflict);
        Assert.Contains("not fenced at epoch 1", problem.Detail, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(otherEpoch, HttpStatusCode.Conflict);
        Assert.Equal(1, kept.Rows);
        Assert.Equal(HttpStatusCode.NoContent, thatEpoch.StatusCode);
        Assert.Equal(0, (await _sourceAdmin.GetAsync("acme")).Rows);
        await ProblemAssert.IsProblemAsync(badEpoch, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task StaleEpoch_Returns421_EqualOrHigherEpochIsServed()
    {
        using var activated = await _sourceAdmin.ActivateAsync("acme", 5);
        using var stale = _source.ClientFor("acme", epoch: 4);
        using var current = _source.ClientFor("acme", epoch: 5);
        using var newer = _source.ClientFor("acme", epoch: 7);

        using var refused = await stale.PostAsJsonAsync("/notes", new { text = "stale" });
        using var refusedRead = await stale.GetAsync(new Uri("/notes", UriKind.Relative));
        var a = await NotesApp.PostNoteAsync(current, "current");
        var b = await NotesApp.PostNoteAsync(newer, "newer");

        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.MisdirectedRequest);
        Assert.Contains("epoch 4", problem.Detail, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(refusedRead, HttpStatusCode.MisdirectedRequest);
        Assert.Equal([1L, 2], [a.Id, b.Id]);
    }

    [Fact]
    public async Task Unfence_AfterFence_WritesSucceedAtTheFenceEpoch()
    {
        using var acme = _source.ClientFor("acme", epoch: 1);
        await _sourceAdmin.FencedAsync("acme", 2);

        using var unfenced = await _sourceAdmin.UnfenceAsync("acme");
        using var oldEpoch = await acme.PostAsJsonAsync("/notes", new { text = "old epoch" });
        using var newEpoch = _source.ClientFor("acme", epoch: 2);
        var note = await NotesApp.PostNoteAsync(newEpoch, "served again");

        var view = await CellAdmin.ReadAsync(unfenced, CellularJsonContext.Default.CellTenantView);
        Assert.Equal((TenantOwnershipState.Serving, 2L), (view.State, view.Epoch));
        Assert.Equal(HttpStatusCode.MisdirectedRequest, oldEpoch.StatusCode);
        Assert.Equal(1, note.Id);
    }

    [Fact]
    public async Task Unfence_AtAnOlderMovesEpoch_LeavesTheNewerFenceAndAnswers409()
    {
        await _sourceAdmin.FencedAsync("acme", 2);
        await _sourceAdmin.FencedAsync("acme", 3);

        using var stale = await _sourceAdmin.UnfenceAsync("acme", "2");
        using var garbled = await _sourceAdmin.UnfenceAsync("acme", "two");
        using var view = await _sourceAdmin.Client.GetAsync(new Uri("/_cell/tenants/acme", UriKind.Relative));
        using var current = await _sourceAdmin.UnfenceAsync("acme", "3");

        var conflict = await ProblemAssert.IsProblemAsync(stale, HttpStatusCode.Conflict);
        Assert.Contains("not at epoch 2", conflict.Detail, StringComparison.Ordinal);
        var bad = await ProblemAssert.IsProblemAsync(garbled, HttpStatusCode.BadRequest);
        Assert.Contains("'two'", bad.Detail, StringComparison.Ordinal);
        var still = await CellAdmin.ReadAsync(view, CellularJsonContext.Default.CellTenantView);
        Assert.Equal((TenantOwnershipState.Fenced, 3L), (still.State, still.Epoch));
        var served = await CellAdmin.ReadAsync(current, CellularJsonContext.Default.CellTenantView);
        Assert.Equal((TenantOwnershipState.Serving, 3L), (served.State, served.Epoch));
    }

    [Fact]
    public async Task OwnershipConflicts_Return409()
    {
        await _sourceAdmin.FencedAsync("acme", 3);

        using var staleFence = await _sourceAdmin.FenceAsync("acme", 2);
        using var staleActivate = await _sourceAdmin.ActivateAsync("acme", 2);
        using var movedServing = await _sourceAdmin.MovedAsync("other", "c2", 1);
        using var importServing = await _sourceAdmin.ImportAsync(new TenantSnapshot("other", 0, []));
        using var applyServing = await _sourceAdmin.ApplyAsync(new TenantChangePage("other", [], 0, false, 0));

        await ProblemAssert.IsProblemAsync(staleFence, HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(staleActivate, HttpStatusCode.Conflict);
        await ProblemAssert.IsProblemAsync(movedServing, HttpStatusCode.Conflict);
        var problem = await ProblemAssert.IsProblemAsync(importServing, HttpStatusCode.Conflict);
        Assert.Contains("Fence it here first", problem.Detail, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(applyServing, HttpStatusCode.Conflict);
        Assert.Equal((TenantOwnershipState.Fenced, 3L), ((await _sourceAdmin.GetAsync("acme")).State, (await _sourceAdmin.GetAsync("acme")).Epoch));
    }

    [Theory]
    [InlineData("""{"id":1,"seq":1,"createdAt":"2030-01-01T00:00:00+00:00"}""")]
    [InlineData("""{"id":1,"seq":1,"text":null,"createdAt":"2030-01-01T00:00:00+00:00"}""")]
    [InlineData("""{"id":0,"seq":1,"text":"x","createdAt":"2030-01-01T00:00:00+00:00"}""")]
    [InlineData("""{"id":1,"seq":9,"text":"x","createdAt":"2030-01-01T00:00:00+00:00"}""")]
    [InlineData("\"just a string\"")]
    public async Task Import_InvalidRow_Returns400AndKeepsTheTenantUnchanged(string row)
    {
        await _targetAdmin.FencedAsync("acme", 1);
        var snapshot = new TenantSnapshot("acme", 5, [System.Text.Json.JsonDocument.Parse(row).RootElement]);

        using var response = await _targetAdmin.ImportAsync(snapshot);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("rows[0]", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(0, (await _targetAdmin.GetAsync("acme")).Rows);
    }

    private async Task WaitForInFlightAsync(string tenant)
    {
        for (var i = 0; i < 200 && (await _sourceAdmin.GetAsync(tenant)).InFlight == 0; i++)
        {
            await Task.Delay(10);
        }
    }

    private static async Task<CellInfo> GetInfoAsync(CellAdmin admin) =>
        (await admin.Client.GetFromJsonAsync(new Uri("/_cell/info", UriKind.Relative), CellularJsonContext.Default.CellInfo))!;
}
