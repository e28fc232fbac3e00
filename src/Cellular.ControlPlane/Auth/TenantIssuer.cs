using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cellular.ControlPlane.Configuration;
using Cellular.ControlPlane.Errors;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;
using Cellular.Core.Model;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cellular.ControlPlane.Auth;

/// <summary>
/// The local tenant-token issuer behind <c>cellctl up --tenant-auth jwt</c>: ES256 tokens signed
/// with a P-256 key kept in <c>{DataDir}/tenant-issuer.pem</c> (mode 0600, made on first use),
/// published as a JWKS for the router. Every issued token is audited (<c>auth.tenant-token.issue</c>,
/// its <c>ttlSeconds</c> and <c>jti</c>, never the token).
/// </summary>
internal sealed partial class TenantIssuer(
    IOptions<ControlPlaneOptions> controlPlane,
    IOptions<ControlPlaneAuthOptions> auth,
    IStoreDatabase database,
    AuditStore auditStore,
    TimeProvider time,
    ILogger<TenantIssuer> logger)
{
    public const int DefaultTtlSeconds = 3600;
    public const int MaxTtlSeconds = 86_400;

    private readonly Lock _lock = new();
    private ECDsaSecurityKey? _key;

    private TenantIssuerOptions Options => auth.Value.TenantIssuer;

    /// <summary>The JWKS document: the issuer's public key with its <c>kid</c> and <c>alg: ES256</c>; empty when the issuer is off.</summary>
    public JsonObject Jwks()
    {
        var keys = new JsonArray();
        if (Options.Enabled)
        {
            var key = Key();
            var parameters = key.ECDsa.ExportParameters(includePrivateParameters: false);
            keys.Add(new JsonObject
            {
                ["kty"] = "EC",
                ["crv"] = "P-256",
                ["x"] = Base64Url.EncodeToString(parameters.Q.X),
                ["y"] = Base64Url.EncodeToString(parameters.Q.Y),
                ["kid"] = key.KeyId,
                ["alg"] = SecurityAlgorithms.EcdsaSha256,
                ["use"] = "sig",
            });
        }

        return new JsonObject { ["keys"] = keys };
    }

    /// <summary>The audit action of an issued tenant token.</summary>
    public const string AuditAction = "auth.tenant-token.issue";

    /// <summary>Signs a token for the tenant in <paramref name="request"/> and audits it as <paramref name="actor"/>'s; 404 when the issuer is off.</summary>
    public async Task<TenantToken> IssueAsync(TenantTokenRequest request, string actor, CancellationToken ct)
    {
        if (!Options.Enabled)
        {
            throw new ControlPlaneException(
                ProblemKind.NotFound,
                "Tenant issuer not enabled",
                $"The local tenant issuer is off; set {ControlPlaneAuthOptions.SectionName}:TenantIssuer:Enabled=true (cellctl up --tenant-auth jwt).");
        }

        if (!Ids.IsValidTenantId(request.Tenant))
        {
            throw ControlPlaneException.BadRequest("The field 'tenant' must be a valid tenant id (1-128 of A-Z a-z 0-9 . _ -, not only dots).");
        }

        var ttl = request.TtlSeconds ?? DefaultTtlSeconds;
        if (ttl is < 1 or > MaxTtlSeconds)
        {
            throw ControlPlaneException.BadRequest($"The field 'ttlSeconds' must be 1 to {MaxTtlSeconds}, not {ttl}.");
        }

        var now = time.GetUtcNow();
        var expires = now.AddSeconds(ttl);
        var jti = Guid.NewGuid().ToString("N");
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Options.Issuer,
            Audience = Options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity([new Claim("sub", request.Tenant!), new Claim("tenant", request.Tenant!), new Claim("jti", jti)]),
            SigningCredentials = new SigningCredentials(Key(), SecurityAlgorithms.EcdsaSha256),
        };
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
        await database.WriteAsync(tx => auditStore.AppendAsync(tx, actor, AuditAction, AuditDetail.TenantTarget(request.Tenant!), AuditDetail.Of(("ttlSeconds", ttl), ("jti", jti))), ct);
        Log.Issued(logger, request.Tenant!, expires, jti, actor);
        return new TenantToken(token, request.Tenant!, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    private ECDsaSecurityKey Key()
    {
        if (Volatile.Read(ref _key) is { } key)
        {
            return key;
        }

        lock (_lock)
        {
            if (_key is null)
            {
                var file = Path.GetFullPath(Path.Combine(controlPlane.Value.DataDir, "tenant-issuer.pem"));
                var ecdsa = ECDsa.Create();
                if (File.Exists(file))
                {
                    ecdsa.ImportFromPem(File.ReadAllText(file));
                }
                else
                {
                    ecdsa.GenerateKey(ECCurve.NamedCurves.nistP256);
                    SecretFiles.Write(file, ecdsa.ExportPkcs8PrivateKeyPem());
                }

                var security = new ECDsaSecurityKey(ecdsa);
                security.KeyId = Base64Url.EncodeToString(JsonWebKeyConverter.ConvertFromECDsaSecurityKey(security).ComputeJwkThumbprint());
                Volatile.Write(ref _key, security);
            }

            return _key!;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Logging.EventIds.TenantTokenIssued, LogLevel.Information, "Issued a tenant token for {tenant}, valid until {expires}, jti {jti}, to {actor}")]
        public static partial void Issued(ILogger logger, string tenant, DateTimeOffset expires, string jti, string actor);
    }
}
