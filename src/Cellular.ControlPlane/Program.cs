using Microsoft.Extensions.Options;

// appsettings.json sits next to the dll; cellctl may start the control plane from any directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddCellularControlPlane();

var app = builder.Build();

// Every error, thrown or status-only (404, 405), leaves as problem+json.
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseCellularConsole();
app.UseAuthorization();
app.MapCellularControlPlane();

try
{
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync($"The control plane cannot start: {e.Message}");
    return 1;
}
