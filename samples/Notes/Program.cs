using Microsoft.Extensions.Options;
using Notes;
using Notes.Apis;
using Notes.Data;

// appsettings.json sits next to Notes.dll; the control plane may start the cell from any directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddCellular()
    .AddTenantDataStore<NotesTenantDataStore>()
    .AddTenantOwnershipStore<NotesOwnershipStore>();
builder.Services.AddNotes();

// Traces only when Cellular:Telemetry:Otlp:Endpoint is set (the control plane passes its own).
builder.AddCellularTracing();

var app = builder.Build();
app.MapCellular();
app.MapNotesApi();

try
{
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync($"Notes cannot start: {e.Message}");
    return 1;
}
