namespace Cellular.Router.Security;

internal sealed partial class TenantJwksSource
{
    private static partial class Log
    {
        [LoggerMessage(EventIds.TenantJwksLoaded, LogLevel.Information, "Tenant token keys loaded from {source}: {count} keys ({keyIds}).")]
        public static partial void Loaded(ILogger logger, string source, int count, string keyIds);

        [LoggerMessage(EventIds.TenantJwksFailed, LogLevel.Warning, "Cannot load the tenant token keys from {source}: {reason}; {consequence}.")]
        public static partial void Failed(ILogger logger, string source, string reason, string consequence);

        [LoggerMessage(EventIds.TenantJwksKeysIgnored, LogLevel.Warning, "{count} keys of the tenant token key set from {source} are not RSA or EC public keys (e.g. kty oct, a shared secret) and are ignored.")]
        public static partial void SymmetricKeysIgnored(ILogger logger, string source, int count);
    }
}
