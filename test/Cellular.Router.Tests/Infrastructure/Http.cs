using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>Request builders and response assertions shared by the in-process HTTP tests.</summary>
internal static class Http
{
    public static HttpRequestMessage Get(string path, string? tenant = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (tenant is not null)
        {
            request.Headers.Add("X-Tenant-Id", tenant);
        }

        return request;
    }

    public static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : response.Content.Headers.GetValues(header));

    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>Asserts <c>Retry-After</c> (whole seconds, rounded up), <c>Retry-After-Ms</c> and <c>retryAfterMs</c> agree; returns the milliseconds.</summary>
    public static long AssertRetryAfter(HttpResponseMessage response, JsonElement problem)
    {
        var ms = long.Parse(Single(response, "Retry-After-Ms"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ms > 0);
        Assert.Equal(ms, problem.GetProperty("retryAfterMs").GetInt64());
        Assert.Equal(((ms + 999) / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), Single(response, "Retry-After"));
        return ms;
    }
}
