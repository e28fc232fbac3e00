using System.Net.Http.Headers;
using Cellular.Core.Security;
using Microsoft.AspNetCore.Http;

namespace Cellular.ControlPlane.Tests.Infrastructure;

/// <summary>The cell side of the control plane's credential, for fake cells and for tests that call a cell's <c>/_cell/*</c> themselves.</summary>
public static class TestCredentials
{
    /// <summary>The master key file of a test control plane on <paramref name="root"/>.</summary>
    public static string MasterKeyFile(string root) => Path.Combine(root, "control-plane", "master.key");

    /// <summary>The secret of <paramref name="cell"/> under the master key of the control plane on <paramref name="root"/>.</summary>
    public static byte[] SecretFor(string root, string cell) => SecretFromMasterFile(MasterKeyFile(root), cell);

    public static byte[] SecretFromMasterFile(string masterKeyFile, string cell)
    {
        Assert.True(CellSecrets.TryDecode(File.ReadAllText(masterKeyFile), out var master), $"{masterKeyFile} holds no key");
        return CellSecrets.DeriveCellSecret(master, cell);
    }

    /// <summary>A control credential for one call to <paramref name="cell"/> (<paramref name="method"/> on <paramref name="path"/>, decoded, no query), as the control plane makes it.</summary>
    public static AuthenticationHeaderValue Bearer(byte[] secret, string cell, string method, string path) =>
        new("Bearer", ControlCredential.Create(CellSecrets.DeriveControlKey(secret), cell, method, path, TimeProvider.System.GetUtcNow().AddSeconds(60), Guid.NewGuid().ToString("N")[..16]));

    /// <summary>A control credential for <paramref name="request"/> (its method and decoded path), as the control plane's handler makes it.</summary>
    public static AuthenticationHeaderValue Bearer(byte[] secret, string cell, HttpRequestMessage request) =>
        Bearer(secret, cell, request.Method.Method, Uri.UnescapeDataString(request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString.Split('?')[0]));

    /// <summary>
    /// What a cell checks (but the replay cache): null when the request carries a valid credential
    /// for <paramref name="cell"/> and this request's method and path, else the reason.
    /// </summary>
    public static string? Check(HttpRequest request, byte[] secret, string cell)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : null;
        return ControlCredential.Validate(
            token, CellSecrets.DeriveControlKey(secret), cell, request.Method, (request.PathBase + request.Path).Value ?? "", TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(30));
    }
}
