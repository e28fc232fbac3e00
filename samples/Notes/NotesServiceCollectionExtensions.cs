using Notes.Data;
using Notes.Model;

namespace Notes;

/// <summary>Registers the notes store and what it needs.</summary>
internal static class NotesServiceCollectionExtensions
{
    public static IServiceCollection AddNotes(this IServiceCollection services)
    {
        services.AddSingleton<NotesDatabase>();
        services.AddSingleton<NotesStore>();
        services.AddHostedService<NotesSchemaInitializer>();
        services.AddHealthChecks().AddCheck<NotesDatabaseHealthCheck>("notes-db");
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, NotesJsonContext.Default));
        return services;
    }
}
