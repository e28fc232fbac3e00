using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notes.Model;

/// <summary>
/// Strict JSON for rows that arrive from another cell: a missing or null field is an error, not a
/// default, so a bad import is refused instead of storing empty notes.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(NoteRecord))]
internal sealed partial class NotesTransferJsonContext : JsonSerializerContext;
