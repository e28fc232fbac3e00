using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notes.Model;

/// <summary>Source-generated JSON for the notes API (camelCase, like every Cellular wire type).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CreateNoteRequest))]
[JsonSerializable(typeof(Note))]
[JsonSerializable(typeof(IReadOnlyList<Note>))]
[JsonSerializable(typeof(List<Note>))]
internal sealed partial class NotesJsonContext : JsonSerializerContext;
