namespace Notes.Model;

/// <summary>A note of one tenant; <see cref="Id"/> counts up per tenant.</summary>
internal sealed record Note(long Id, string Text, DateTimeOffset CreatedAt);
