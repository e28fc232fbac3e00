using System.Collections.Concurrent;
using System.Text.Json;
using Cellular.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>
/// A stand-in cell that knows which tenants it serves, as the Cell SDK does: a fenced or moved
/// tenant gets 421 problem+json before any work (the body is not read), a moved one with
/// <c>X-Cellular-Owner</c>. Other requests are accepted: the body is read and echoed in a 201
/// (<see cref="CellEcho"/>), and kept in <see cref="Accepted"/>. Like a cell with a secret, it
/// answers 401 (before anything else) to a request without a valid tenant assertion for itself.
/// </summary>
internal sealed class OwnershipCell : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string?> _refused = new(StringComparer.Ordinal);
    private WebApplication _app = null!;
    private int _refusals;
    private int _unauthorized;

    private OwnershipCell(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public string Url { get; private set; } = "";

    /// <summary>Requests this cell accepted (did the work for).</summary>
    public ConcurrentQueue<CellEcho> Accepted { get; } = new();

    /// <summary>Requests this cell refused with 421.</summary>
    public int Refusals => Volatile.Read(ref _refusals);

    /// <summary>Requests refused with 401 for a missing or invalid assertion.</summary>
    public int Unauthorized => Volatile.Read(ref _unauthorized);

    /// <summary>Runs before a refusal is sent, e.g. to publish the move the refusal announces.</summary>
    public Action? BeforeRefusing { get; set; }

    /// <summary>Reads the whole body before refusing (the SDK does not; makes body consumption deterministic).</summary>
    public bool ReadBodyBeforeRefusing { get; set; }

    public static async Task<OwnershipCell> StartAsync(string name)
    {
        var cell = new OwnershipCell(name);
        var (app, url) = await TestServer.StartAsync(cell.HandleAsync);
        cell._app = app;
        cell.Url = url;
        return cell;
    }

    /// <summary>Refuses <paramref name="tenant"/> from now on (fenced), naming <paramref name="owner"/> when given (moved).</summary>
    public void Refuse(string tenant, string? owner = null) => _refused[tenant] = owner;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var tenant = context.Request.Headers[CellularHeaders.TenantId].ToString();
        var epoch = context.Request.Headers[CellularHeaders.TenantEpoch].ToString();
        if (TestKeys.Check(context.Request.Headers[CellularHeaders.TenantAssertion].ToString(), Name, tenant, epoch, TimeProvider.System.GetUtcNow()) is { } why)
        {
            Interlocked.Increment(ref _unauthorized);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "CellularAssertion";
            await context.Response.WriteAsync(why);
            return;
        }
        if (_refused.TryGetValue(tenant, out var owner))
        {
            Interlocked.Increment(ref _refusals);
            if (ReadBodyBeforeRefusing)
            {
                await context.Request.Body.CopyToAsync(Stream.Null);
            }

            BeforeRefusing?.Invoke();
            context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            context.Response.ContentType = "application/problem+json";
            context.Response.Headers[CellularHeaders.CellId] = Name;
            if (owner is not null)
            {
                context.Response.Headers[CellularHeaders.TenantOwner] = owner;
            }

            await context.Response.WriteAsync($$"""{"title":"Tenant not served by this cell","status":421,"tenant":"{{tenant}}","cell":"{{Name}}","state":"{{(owner is null ? "Fenced" : "Moved")}}"}""");
            return;
        }

        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var echo = new CellEcho(Name, context.Request.Method, tenant, epoch, body);
        Accepted.Enqueue(echo);
        context.Response.StatusCode = HttpMethods.IsPost(context.Request.Method) ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(echo));
    }
}

/// <summary>What an <see cref="OwnershipCell"/> accepted.</summary>
internal sealed record CellEcho(string Cell, string Method, string Tenant, string Epoch, string Body);
