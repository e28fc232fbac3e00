using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Cellular.Cli.Api;
using Cellular.Core.Api;
using Cellular.Core.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cellular.Cli.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on a free port that answers canned responses per method and path,
/// standing in for the control plane (and, on <c>/_router/health</c>, the router). Like the real
/// one it wants <c>Authorization: Bearer {key}</c> on <c>/api/v1</c> (but health and the JWKS):
/// no key or an unknown one → 401, a ReadOnly key on anything but GET → 403, both problem+json.
/// <see cref="Token"/> is an Admin key; <see cref="CliHarness"/> sends it through <c>CELLULAR_TOKEN</c>.
/// </summary>
internal sealed class FakeControlPlane : IAsyncDisposable
{
    /// <summary>The Admin key every fake accepts.</summary>
    public const string Token = "cel_fakeadmin001_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I";

    /// <summary><see cref="Token"/> as a client credential.</summary>
    public static readonly ApiCredential Credential = ApiCredential.FromToken(Token, "test");

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Name, ApiRole Role)> _keys = new(StringComparer.Ordinal) { [Token] = ("admin", ApiRole.Admin) };
    private readonly ConcurrentDictionary<string, CannedResponse> _responses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<CannedResponse>> _sequences = new(StringComparer.Ordinal);

    private FakeControlPlane(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public int Port => Url.Port;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<FakeControlPlane> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeControlPlane? fake = null;
        app.Run(context => fake!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new FakeControlPlane(app, new Uri(address));
        return fake;
    }

    /// <summary>Accepts <paramref name="token"/> as the key <paramref name="name"/> with <paramref name="role"/>.</summary>
    public void AddKey(string token, string name, ApiRole role) => _keys[token] = (name, role);

    /// <summary>Stops accepting <paramref name="token"/> (a revoked key).</summary>
    public void RemoveKey(string token) => _keys.TryRemove(token, out _);

    public void Respond(string method, string path, int status, string body, string contentType = "application/json") =>
        _responses[Key(method, path)] = new CannedResponse(status, body, contentType);

    public void RespondJson<T>(string method, string path, int status, T value) =>
        Respond(method, path, status, JsonSerializer.Serialize(value, typeof(T), CellularJsonContext.Default));

    /// <summary>Answers one value per request, in order; the last one keeps being answered (a workflow that moves on, then settles).</summary>
    public void RespondSequence<T>(string method, string path, params T[] values)
    {
        var queue = new ConcurrentQueue<CannedResponse>();
        foreach (var value in values)
        {
            queue.Enqueue(new CannedResponse(200, JsonSerializer.Serialize(value, typeof(T), CellularJsonContext.Default), "application/json"));
        }

        _sequences[Key(method, path)] = queue;
    }

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string path) =>
        [.. Requests.Where(r => r.Method == method && r.Path == path)];

    public void RespondProblem(string method, string path, int status, string title, string? detail) =>
        Respond(
            method,
            path,
            status,
            JsonSerializer.Serialize(new Dictionary<string, object?> { ["type"] = "about:blank", ["title"] = title, ["status"] = status, ["detail"] = detail }),
            "application/problem+json");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string Key(string method, string path) => method.ToUpperInvariant() + " " + path;

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body));

        if (Refusal(context.Request) is { } refusal)
        {
            context.Response.StatusCode = refusal.Status;
            context.Response.ContentType = refusal.ContentType;
            if (refusal.Status == 401)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            await context.Response.WriteAsync(refusal.Body);
            return;
        }

        var key = Key(context.Request.Method, context.Request.Path.Value ?? string.Empty);
        if (_sequences.TryGetValue(key, out var sequence) && sequence.TryPeek(out var next))
        {
            if (sequence.Count > 1)
            {
                sequence.TryDequeue(out _);
            }

            context.Response.StatusCode = next.Status;
            context.Response.ContentType = next.ContentType;
            await context.Response.WriteAsync(next.Body);
            return;
        }

        if (!_responses.TryGetValue(key, out var response))
        {
            response = new CannedResponse(404, """{"title":"Not Found","status":404,"detail":"The fake has no answer for this."}""", "application/problem+json");
        }

        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        await context.Response.WriteAsync(response.Body);
    }

    private CannedResponse? Refusal(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        if (!path.StartsWith("/api/v1/", StringComparison.Ordinal)
            || (HttpMethods.IsGet(request.Method) && path is "/api/v1/health" or "/api/v1/auth/tenant-issuer/jwks"))
        {
            return null;
        }

        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Problem(401, "Unauthorized", "This endpoint needs a credential: Authorization: Bearer <key>.");
        }

        if (!_keys.TryGetValue(header["Bearer ".Length..], out var principal))
        {
            return Problem(401, "Unauthorized", "The key is unknown, revoked or expired.");
        }

        return principal.Role == ApiRole.ReadOnly && !HttpMethods.IsGet(request.Method)
            ? Problem(403, "Forbidden", $"Key '{principal.Name}' has role ReadOnly; {request.Method} {path} needs CellOperator or Admin.")
            : null;
    }

    private static CannedResponse Problem(int status, string title, string detail) =>
        new(status, JsonSerializer.Serialize(new Dictionary<string, object?> { ["type"] = "about:blank", ["title"] = title, ["status"] = status, ["detail"] = detail }), "application/problem+json");

    private sealed record CannedResponse(int Status, string Body, string ContentType);
}

/// <summary>One request the fake received.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);
