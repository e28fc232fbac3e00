using System.Net.Http.Json;
using Cellular.Cell.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Cellular.Cell.Tests.Notes;

/// <summary>The Notes sample on an in-memory server, storing in <c>dataDir</c>.</summary>
internal sealed class NotesApp(string dataDir, TimeProvider? timeProvider = null, string cellId = "notes-test") : WebApplicationFactory<Program>
{
    private CellSigner? _signer;

    public CellSigner Signer => _signer ??= new(cellId, timeProvider);

    /// <summary>A client that signs like the router and control plane (see <see cref="SigningHandler"/>).</summary>
    public HttpClient CreateSignedClient() => CreateDefaultClient(new SigningHandler(Signer));

    public HttpClient ClientFor(string tenant, long? epoch = null)
    {
        var client = CreateSignedClient();
        client.DefaultRequestHeaders.Add("X-Tenant-Id", tenant);
        if (epoch is not null)
        {
            client.DefaultRequestHeaders.Add("X-Tenant-Epoch", epoch.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return client;
    }

    public CellAdmin Admin() => new(CreateSignedClient());

    public static async Task<NoteDto> PostNoteAsync(HttpClient client, string text)
    {
        using var response = await client.PostAsJsonAsync("/notes", new { text });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<NoteDto>())!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Cellular:Cell:Id", cellId);
        builder.UseSetting("Cellular:Cell:Version", "3.1.4");
        builder.UseSetting("Cellular:Cell:DataDir", dataDir);
        builder.UseSetting("Cellular:Cell:Auth:Secret", CellSigner.Secret);
        if (timeProvider is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(timeProvider));
        }
    }
}

internal sealed record NoteDto(long Id, string Text, DateTimeOffset CreatedAt);
