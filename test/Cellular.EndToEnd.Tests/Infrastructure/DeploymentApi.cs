using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cellular.Core.Api;
using Cellular.Core.Json;

namespace Cellular.EndToEnd.Tests.Infrastructure;

/// <summary>
/// <c>/api/v1/deployments</c> for the tests: create, read and wait, failing with the whole
/// deployment as JSON (and the control plane's log tail) so a failure says where it stood.
/// </summary>
internal static class DeploymentApi
{
    private static readonly JsonSerializerOptions Indented = new(CellularJsonContext.Default.Options) { WriteIndented = true };

    /// <summary>The final states: nothing more happens to a deployment in one of them.</summary>
    public static bool IsFinished(Deployment deployment) =>
        deployment.State is DeploymentState.Succeeded or DeploymentState.RolledBack or DeploymentState.Failed or DeploymentState.Aborted;

    /// <summary><c>POST /api/v1/deployments</c>, expecting 201.</summary>
    public static async Task<Deployment> CreateAsync(Stack stack, CreateDeploymentRequest request)
    {
        using var response = await stack.Api.PostAsJsonAsync("/api/v1/deployments", request, CellularJsonContext.Default.CreateDeploymentRequest);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST /api/v1/deployments answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize(body, CellularJsonContext.Default.Deployment)!;
    }

    /// <summary><c>GET /api/v1/deployments/{id}</c>.</summary>
    public static async Task<Deployment> GetAsync(Stack stack, string id) =>
        (await stack.Api.GetFromJsonAsync($"/api/v1/deployments/{Uri.EscapeDataString(id)}", CellularJsonContext.Default.Deployment))!;

    /// <summary>
    /// Polls the deployment until <paramref name="condition"/> holds; fails with its JSON when it
    /// does not within <paramref name="timeout"/>, or when it finished without meeting it.
    /// </summary>
    public static async Task<Deployment> WaitForAsync(Stack stack, string id, Func<Deployment, bool> condition, string what, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        Deployment? last = null;
        while (watch.Elapsed < timeout)
        {
            try
            {
                last = await GetAsync(stack, id);
                if (condition(last))
                {
                    return last;
                }

                if (IsFinished(last))
                {
                    Assert.Fail($"Deployment {id} ended {last.State} before {what}: {last.Reason}\n{Describe(last)}\n{LogTail(stack)}");
                }
            }
            catch (HttpRequestException)
            {
                // The control plane is restarting.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}; deployment {id} is {last?.State}: {last?.Reason}\n{(last is null ? "(never read)" : Describe(last))}\n{LogTail(stack)}");
        return last!;
    }

    /// <summary>Waits for a final state.</summary>
    public static Task<Deployment> WaitForEndAsync(Stack stack, string id, TimeSpan timeout) =>
        WaitForAsync(stack, id, IsFinished, "it to end", timeout);

    /// <summary>The deployment as indented JSON, for failure messages.</summary>
    public static string Describe(Deployment deployment) => JsonSerializer.Serialize(deployment, Indented);

    /// <summary>The last lines of the control plane's log, for failure messages.</summary>
    public static string LogTail(Stack stack) =>
        $"Last lines of {stack.Local.ControlPlane.LogFile}:\n{stack.Local.ControlPlane.ReadLogTail(40)}";
}
