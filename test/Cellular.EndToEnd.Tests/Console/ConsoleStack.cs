using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Cellular.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Cellular.EndToEnd.Tests.WebConsole;

/// <summary>
/// A real stack of five Notes cells with a browser beside it, shared by the console tests. Each
/// test works on its own cells so the order does not matter: c1 → c2 migrations, c3 is drained,
/// c4 is killed, c5 carries a deployment waiting for approval.
/// </summary>
public sealed class ConsoleStack : IAsyncLifetime
{
    public Stack Stack { get; private set; } = null!;

    public ConsoleBrowser Browser { get; private set; } = null!;

    /// <summary>The deployment of c5 that waits for approval (so approve buttons have a reason to exist).</summary>
    public Deployment Waiting { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stack = await Stack.StartAsync(cells: 5, controlPlaneArguments: ["--Cellular:ControlPlane:Migrations:Soak=00:00:01"]);
        try
        {
            Browser = await ConsoleBrowser.LaunchAsync();
            Waiting = await DeploymentApi.CreateAsync(Stack, new CreateDeploymentRequest(
                "1.1.0", Cells: ["c5"], Approval: "every-wave", BakeSeconds: 5, Name: "waits for a person"));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A page signed in through a one-time link made with <paramref name="token"/> (the admin key by default).</summary>
    public async Task<IPage> SignInWithLinkAsync(string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/console-links");
        request.Headers.Authorization = new("Bearer", token ?? Stack.AdminToken);
        using var response = await Stack.Api.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/v1/auth/console-links answered {(int)response.StatusCode}: {body}");
        var link = JsonSerializer.Deserialize(body, CellularJsonContext.Default.ConsoleLink)!;
        var page = await Browser.NewPageAsync(Stack.Local.ApiUrl);
        await page.GotoAsync(link.Url);
        await Assertions.Expect(page.GetByTestId("whoami-role")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>A page signed in the way a person does it: the sign-in form with a pasted key (the form saved as <c>sign-in.png</c>).</summary>
    public async Task<IPage> SignInWithFormAsync(string token)
    {
        var page = await Browser.NewPageAsync(Stack.Local.ApiUrl);
        await page.GotoAsync("/");
        await ConsoleScreenshots.SaveAsync(page, "sign-in");
        await page.Locator("input[name=token]").FillAsync(token);
        await page.Locator("form [type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("whoami-role")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>A new API key of <paramref name="role"/>; its token.</summary>
    public async Task<string> CreateKeyAsync(string role)
    {
        using var response = await Stack.Api.PostAsJsonAsync(
            "/api/v1/auth/keys",
            new CreateApiKeyRequest($"console-{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..40], role),
            CellularJsonContext.Default.CreateApiKeyRequest);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/v1/auth/keys answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize(body, CellularJsonContext.Default.CreatedApiKey)!.Token;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        if (Stack is not null)
        {
            await Stack.DisposeAsync();
        }
    }
}
