namespace Notes.Model;

/// <summary>Body of <c>POST /notes</c>.</summary>
internal sealed record CreateNoteRequest(string? Text);
