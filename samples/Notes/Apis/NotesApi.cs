using System.Globalization;
using Cellular.Cell.Tenancy;
using Cellular.Core.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notes.Data;
using Notes.Model;

namespace Notes.Apis;

/// <summary>
/// <c>/notes</c>: create, list, read and delete the notes of the request's tenant (<c>X-Tenant-Id</c>).
/// A tenant never sees another tenant's notes; asking for one answers 404. Writes of a tenant this
/// cell does not serve (fenced, moved, stale epoch) are refused with 421 by the cell SDK.
/// </summary>
internal static class NotesApi
{
    public const int MaxTextLength = 10_000;
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    /// <summary>The SDK's body reader, told to want JSON and to show a valid note in every error.</summary>
    private static readonly JsonBodyOptions NoteBody = new() { RequireJsonContentType = true, Example = """{"text":"hello"}""" };

    public static IEndpointRouteBuilder MapNotesApi(this IEndpointRouteBuilder endpoints)
    {
        var notes = endpoints.MapGroup("/notes").RequireTenant();
        notes.MapPost("", CreateAsync);
        notes.MapGet("", ListAsync);
        notes.MapGet("/{id:long}", GetAsync);
        notes.MapDelete("/{id:long}", DeleteAsync);
        return endpoints;
    }

    public static async Task<Results<Created<Note>, ProblemHttpResult, ValidationProblem>> CreateAsync(
        HttpContext context, [FromServices] NotesStore store, CancellationToken cancellationToken)
    {
        CreateNoteRequest request;
        try
        {
            request = await JsonBody.ReadAsync(context.Request, NotesJsonContext.Default.CreateNoteRequest, NoteBody, cancellationToken);
        }
        catch (JsonBodyException e)
        {
            return TypedResults.Problem(statusCode: e.Status, title: e.Title, detail: e.Message);
        }

        if (string.IsNullOrWhiteSpace(request.Text))
        {
            return TextProblem("text is required and must not be blank.");
        }

        if (request.Text.Length > MaxTextLength)
        {
            return TextProblem($"text is {request.Text.Length} characters long; at most {MaxTextLength} are allowed.");
        }

        var note = await store.CreateAsync(context.GetTenantContext(), request.Text, cancellationToken);
        return TypedResults.Created($"/notes/{note.Id}", note);
    }

    public static async Task<Results<Ok<IReadOnlyList<Note>>, ProblemHttpResult>> ListAsync(
        HttpContext context,
        [FromServices] NotesStore store,
        [FromQuery] string? limit,
        [FromQuery] string? after,
        CancellationToken cancellationToken)
    {
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
        {
            return QueryProblem($"limit must be a whole number from 1 to {MaxLimit}; it was '{limit}'.");
        }

        var afterId = 0L;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterId))
        {
            return QueryProblem($"after must be a note id (a non-negative whole number); it was '{after}'.");
        }

        var notes = await store.ListAsync(context.GetRequiredTenantId(), afterId, take, cancellationToken);
        return TypedResults.Ok(notes);
    }

    public static async Task<Results<Ok<Note>, ProblemHttpResult>> GetAsync(
        HttpContext context, long id, [FromServices] NotesStore store, CancellationToken cancellationToken)
    {
        var tenant = context.GetRequiredTenantId();
        var note = await store.GetAsync(tenant, id, cancellationToken);
        return note is null ? NoteNotFound(tenant, id) : TypedResults.Ok(note);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        HttpContext context, long id, [FromServices] NotesStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(context.GetTenantContext(), id, cancellationToken)
            ? TypedResults.NoContent()
            : NoteNotFound(context.GetRequiredTenantId(), id);

    private static ProblemHttpResult NoteNotFound(string tenant, long id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Note not found", detail: $"Tenant '{tenant}' has no note {id}.");

    private static ValidationProblem TextProblem(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [message] }, title: "Invalid note");

    private static ProblemHttpResult QueryProblem(string message) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid query", detail: message);
}
