using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notes.Model;

/// <summary>
/// Source-generated JSON for the notes API (camelCase, like every Cellular wire type). Unknown
/// fields are refused, so a misspelt field is a 400 instead of being silently dropped.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(CreateNoteRequest))]
[JsonSerializable(typeof(Note))]
[JsonSerializable(typeof(IReadOnlyList<Note>))]
[JsonSerializable(typeof(List<Note>))]
internal sealed partial class NotesJsonContext : JsonSerializerContext;
