using System.Diagnostics;
using System.Text.RegularExpressions;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Cellular.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Cellular.EndToEnd.Tests.WebConsole;

/// <summary>
/// The web console in a real Chromium against real processes: what an operator sees and does.
/// Every view is saved as a screenshot in <c>artifacts/console-screenshots/</c>.
/// </summary>
public sealed class ConsoleTests(ConsoleStack fixture) : IClassFixture<ConsoleStack>
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(45);

    private Stack Stack => fixture.Stack;

    [Fact]
    public async Task Fleet_ListsEveryCell_WithIdStateAndVersionAsText()
    {
        var page = await fixture.SignInWithLinkAsync();
        await page.GotoAsync("/#/fleet");

        var cells = (await Stack.Local.Client.ListCellsAsync()).Where(c => c.State != CellState.Retired).ToList();
        await Expect(page.GetByTestId("fleet-row")).ToHaveCountAsync(cells.Count);
        foreach (var cell in cells)
        {
            var row = Row(page, cell.Id);
            await Expect(row.GetByTestId("row-id")).ToContainTextAsync(cell.Id);
            await Expect(row.GetByTestId("row-version")).ToHaveTextAsync(cell.Version);
            await Expect(row.GetByTestId("row-state")).ToHaveTextAsync(new Regex("^(Active|Draining|Unhealthy|Quarantined|Provisioning)$"));
        }

        await Expect(page.GetByTestId("fleet-summary")).ToContainTextAsync($"{cells.Count}");
        await Expect(page.GetByTestId("approval").Filter(new() { HasText = fixture.Waiting.Id })).ToBeVisibleAsync();
        await ConsoleScreenshots.SaveAsync(page, "fleet");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task KilledCell_TurnsUnhealthyOnScreen_WithoutReload()
    {
        var page = await fixture.SignInWithLinkAsync();
        await page.GotoAsync("/#/fleet");
        var row = Row(page, "c4");
        await Expect(row.GetByTestId("row-health")).ToHaveTextAsync("healthy", new() { Timeout = 30_000 });
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        var cell = (await Stack.Local.GetCellProcessesAsync()).Single(c => c.CellId == "c4");
        using (var process = Process.GetProcessById(cell.ProcessId))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        await Expect(row.GetByTestId("row-state")).ToHaveTextAsync("Unhealthy", new() { Timeout = (float)Live.TotalMilliseconds });
        await Expect(row.GetByTestId("row-health")).ToHaveTextAsync("failing");
        await Expect(row.GetByTestId("row-alarms")).ToContainTextAsync("unhealthy");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was not reloaded");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReadOnlySignIn_ShowsNoActionButtons()
    {
        // The admin sees the approve button of the waiting deployment: the selectors find buttons when there are some.
        var admin = await fixture.SignInWithLinkAsync();
        await admin.GotoAsync($"/#/deployments/{fixture.Waiting.Id}");
        await Expect(admin.GetByTestId("deployment-approve")).ToBeVisibleAsync();
        await admin.Context.CloseAsync();

        var page = await fixture.SignInWithFormAsync(await fixture.CreateKeyAsync("ReadOnly"));
        await Expect(page.GetByTestId("whoami-role")).ToContainTextAsync("ReadOnly");

        await page.GotoAsync("/#/fleet");
        await Expect(page.GetByTestId("fleet-row").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("approval").Filter(new() { HasText = fixture.Waiting.Id })).ToBeVisibleAsync();
        await ExpectNoActions(page);

        await page.GotoAsync("/#/cells/c1");
        await Expect(page.GetByTestId("cell-state")).ToHaveTextAsync(new Regex("\\w+"));
        await Expect(page.GetByTestId("tenants-table")).ToBeVisibleAsync();
        await ExpectNoActions(page);

        await page.GotoAsync("/#/deployments");
        await Expect(page.GetByTestId("deployment-row").First).ToBeVisibleAsync();
        await ExpectNoActions(page);

        await page.GotoAsync($"/#/deployments/{fixture.Waiting.Id}");
        await Expect(page.GetByTestId("deployment-state")).ToContainTextAsync("WaitingForApproval");
        await ExpectNoActions(page);

        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page.GetByTestId("sign-in-form")).ToBeVisibleAsync();
        await page.GotoAsync("/#/fleet");
        await Expect(page.GetByTestId("sign-in-form")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Operator_DrainsACell_AndTheApiShowsItDraining()
    {
        var page = await fixture.SignInWithLinkAsync(await fixture.CreateKeyAsync("CellOperator"));
        await page.GotoAsync("/#/cells/c3");
        await Expect(page.GetByTestId("cell-state")).ToHaveTextAsync("Active");

        await page.GetByTestId("cell-drain").ClickAsync();
        await page.GetByTestId("cell-drain-confirm").ClickAsync();

        await Expect(page.GetByTestId("cell-state")).ToHaveTextAsync("Draining");
        Assert.Equal(CellState.Draining, (await Stack.Local.Client.GetCellAsync("c3")).State);
        var audit = await Stack.Local.Client.ListAuditAsync(action: "cell.drain");
        Assert.Contains(audit.Items, e => e.Target == "cell/c3" && e.Actor.StartsWith("console-celloperator", StringComparison.Ordinal));
        await ConsoleScreenshots.SaveAsync(page, "cell");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MigrationPhases_AppearLiveOnItsPage()
    {
        var tenant = await Stack.Local.Client.CreateTenantAsync(new CreateTenantRequest($"live-{Guid.NewGuid():N}"[..16], Cell: "c1"));
        await Stack.Local.WaitReadyAsync();
        for (var i = 0; i < 20; i++)
        {
            using var written = await Stack.WriteNoteAsync(tenant.Id, $"note {i}");
            written.EnsureSuccessStatusCode();
        }

        var page = await fixture.SignInWithLinkAsync();
        await page.GotoAsync("/#/migrations");
        await Expect(page.GetByTestId("migrations-table")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        var migration = await Stack.Local.Client.CreateMigrationAsync(new CreateMigrationRequest(tenant.Id, "c2"));
        var row = page.Locator($"[data-testid=migration-row][data-key='{migration.Id}']");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await row.GetByRole(AriaRole.Link, new() { Name = migration.Id }).ClickAsync();

        await Expect(page.GetByTestId("migration-state")).ToHaveTextAsync("Complete", new() { Timeout = (float)Live.TotalMilliseconds });
        foreach (var phase in new[] { "Copying", "CatchingUp", "Verifying", "Cutover", "Switched", "Soak" })
        {
            await Expect(page.Locator($"[data-testid=phase][data-phase={phase}]")).ToHaveAttributeAsync("data-status", "done");
        }

        await Expect(page.GetByTestId("pause-activate")).ToHaveTextAsync(new Regex("^\\d+(\\.\\d)? (ms|s)$"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was not reloaded");
        await ConsoleScreenshots.SaveAsync(page, "migration");

        await page.GotoAsync($"/#/tenants/{tenant.Id}");
        await Expect(page.GetByTestId("route-cell")).ToHaveTextAsync("c2");
        await Expect(page.GetByTestId("route-header")).ToContainTextAsync("v=");
        await Expect(page.GetByTestId("move-row")).ToHaveCountAsync(1);
        await ConsoleScreenshots.SaveAsync(page, "tenant");

        await page.GotoAsync("/#/migrations");
        await Expect(page.Locator($"[data-testid=migration-row][data-key='{migration.Id}']")).ToContainTextAsync("Complete");
        await ConsoleScreenshots.SaveAsync(page, "migrations");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ExperimentsDeploymentsAndAudit_Render()
    {
        var tenants = await Stack.CreateTenantsAsync(4, prefix: $"exp{Guid.NewGuid():N}"[..8], cell: "c1");
        var experiment = await Stack.Local.Client.CreateExperimentAsync(new CreateExperimentRequest(
            "c1 errors", ["c1"], new ExperimentFaultRequest("error", Status: 503), DurationSeconds: 2, BaselineSeconds: 1, AfterSeconds: 1));
        using var traffic = new CancellationTokenSource(TimeSpan.FromSeconds(6));
        var load = Task.Run(async () =>
        {
            while (!traffic.IsCancellationRequested)
            {
                foreach (var tenant in tenants)
                {
                    using var _ = await Stack.ReadNotesAsync(tenant.Id);
                }
            }
        });

        var page = await fixture.SignInWithLinkAsync();
        await page.GotoAsync($"/#/experiments/{experiment.Id}");
        await Expect(page.GetByTestId("blast-verdict")).ToHaveTextAsync(new Regex("^(contained|leaked|unknown)$"), new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("blast-chart-errors").Locator("svg")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=blast-row][data-key=c1]")).ToContainTextAsync("target");
        await load;
        await ConsoleScreenshots.SaveAsync(page, "experiment");

        await page.GotoAsync("/#/experiments");
        await Expect(page.Locator($"[data-testid=experiment-row][data-key='{experiment.Id}']")).ToBeVisibleAsync();
        await ConsoleScreenshots.SaveAsync(page, "experiments");

        await page.GotoAsync("/#/deployments");
        await Expect(page.GetByTestId("approval").Filter(new() { HasText = fixture.Waiting.Id })).ToBeVisibleAsync();
        await ConsoleScreenshots.SaveAsync(page, "deployments");

        await page.GotoAsync($"/#/deployments/{fixture.Waiting.Id}");
        await Expect(page.Locator("[data-testid=wave-cell][data-cell=c5]")).ToContainTextAsync("Pending");
        await Expect(page.GetByTestId("deployment-version")).ToContainTextAsync("1.1.0");
        await ConsoleScreenshots.SaveAsync(page, "deployment");

        await page.GotoAsync("/#/audit");
        await Expect(page.GetByTestId("audit-action").Filter(new() { HasText = "experiment.create" }).First).ToBeVisibleAsync();
        await ConsoleScreenshots.SaveAsync(page, "audit");
        await page.Context.CloseAsync();
    }

    private static ILocator Row(IPage page, string cell) => page.Locator($"[data-testid=fleet-row][data-cell='{cell}']");

    private static async Task ExpectNoActions(IPage page)
    {
        await Expect(page.Locator("[data-action]")).ToHaveCountAsync(0);
        await Expect(page.Locator("button.act")).ToHaveCountAsync(0);
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^(Drain|Activate|Quarantine|Evacuate|Approve|Approve wave|Pause|Resume|Abort|Stop|Reverse)$") }).CountAsync());
    }
}
