using Cellular.Testing.BadRelease;
using Microsoft.Extensions.Options;
using Notes;
using Notes.Apis;
using Notes.Data;

// The Notes sample as it starts in samples/Notes/Program.cs, plus the failing middleware.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddCellular()
    .AddTenantDataStore<NotesTenantDataStore>()
    .AddTenantOwnershipStore<NotesOwnershipStore>();
builder.Services.AddNotes();
builder.Services.AddOptions<BadReleaseOptions>()
    .Bind(builder.Configuration.GetSection(BadReleaseOptions.SectionName))
    .ValidateDataAnnotations()
    .ValidateOnStart();

var app = builder.Build();
app.UseMiddleware<FailingTenantRequestsMiddleware>();
app.MapCellular();
app.MapNotesApi();

try
{
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync($"BadRelease cannot start: {e.Message}");
    return 1;
}
