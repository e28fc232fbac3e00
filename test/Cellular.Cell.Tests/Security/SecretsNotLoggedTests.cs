using System.Net.Http.Headers;
using Cellular.Cell.Tests.Infrastructure;
using Cellular.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cellular.Cell.Tests.Security;

/// <summary>Whatever is logged at any level, no secret, derived key, assertion or Authorization value is in it.</summary>
public sealed class SecretsNotLoggedTests
{
    [Fact]
    public async Task AuthenticatedAndRefusedCalls_LogNoSecretKeyOrToken()
    {
        var logs = new CapturingLoggerProvider();
        await using var cell = await TestCell.StartAsync(
            b =>
            {
                b.Logging.SetMinimumLevel(LogLevel.Trace).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
                b.Logging.AddProvider(logs);
            },
            app =>
            {
                app.MapGet("/work", (HttpContext context) => context.Request.Headers.Authorization.ToString().Length);
                app.MapGet("/boom", IResult () => throw new InvalidOperationException("boom"));
            });
        using var raw = cell.CreateRawClient();
        var sent = new List<string>();
        var otherSecret = Enumerable.Repeat((byte)11, 32).ToArray();

        foreach (var (path, assertion, authorization) in new (string, string?, string?)[]
        {
            ("/work", cell.Signer.Assertion("acme", 0), "Bearer app-user-token-123456"),
            ("/boom", cell.Signer.Assertion("acme", 0), "Bearer app-user-token-boom"),
            ("/work", cell.Signer.Assertion("acme", 0, cell: "c2"), null),
            ("/work", cell.Signer.Assertion("acme", 0, secret: otherSecret), null),
            ("/work", cell.Signer.Assertion("acme", 0, expiresAt: TimeProvider.System.GetUtcNow().AddHours(-1)), null),
            ("/work", cell.Signer.Assertion("other", 0), null),
            ("/_cell/faults", null, "Bearer " + cell.Signer.ControlToken("GET", "/_cell/faults")),
            ("/_cell/faults", null, "Bearer " + cell.Signer.ControlToken("GET", "/_cell/faults", cell: "c2")),
            ("/_cell/faults", null, "Bearer " + cell.Signer.ControlToken("GET", "/_cell/faults", secret: otherSecret)),
            ("/_cell/faults", null, "Bearer " + cell.Signer.ControlToken("GET", "/_cell/faults", expiresAt: TimeProvider.System.GetUtcNow().AddHours(-1))),
            ("/_cell/info", null, "Bearer garbage-credential-987654"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("X-Tenant-Id", "acme");
            request.Headers.Add("X-Tenant-Epoch", "0");
            if (assertion is not null)
            {
                request.Headers.Add("X-Cellular-Assertion", assertion);
                sent.Add(assertion);
            }

            if (authorization is not null)
            {
                request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
                sent.Add(authorization[7..]);
            }

            using var response = await raw.SendAsync(request);
        }

        var forbidden = sent
            .Concat(sent.Select(t => t.Length > 43 ? t[^43..] : t))
            .Append(CellSigner.Secret)
            .Append(CellSecrets.Encode(CellSecrets.DeriveControlKey(CellSigner.SecretBytes)))
            .Append(CellSecrets.Encode(CellSecrets.DeriveAssertionKey(CellSigner.SecretBytes, 1)))
            .ToList();
        var logged = logs.Entries
            .SelectMany(e => new[] { e.Message }
                .Concat(e.State.Select(p => p.Value?.ToString()))
                .Concat(e.Scope.Select(p => p.Value?.ToString())))
            .Where(t => t is not null)
            .ToList();
        Assert.Contains(logs.Entries, e => e.EventId.Id == 31);
        Assert.Contains(logs.Entries, e => e.EventId.Id == 30);
        foreach (var text in forbidden)
        {
            Assert.DoesNotContain(logged, l => l!.Contains(text, StringComparison.Ordinal));
        }
    }
}
