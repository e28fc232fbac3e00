using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
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
/// standing in for the control plane (and, on <c>/_router/health</c>, the router).
/// </summary>
internal sealed class FakeControlPlane : IAsyncDisposable
{
    private readonly WebApplication _app;
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

    private sealed record CannedResponse(int Status, string Body, string ContentType);
}

/// <summary>One request the fake received.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);
