namespace Cellular.Cell.TenantData;

/// <summary>A fenced tenant still had requests in flight when the fence's drain timeout ran out; answered with 503.</summary>
internal sealed class TenantDrainTimeoutException(string tenant, int inFlight, TimeSpan timeout)
    : Exception($"Tenant '{tenant}' is fenced, but {inFlight} of its requests were still in flight after {timeout.TotalMilliseconds:0} ms. It stays fenced: call fence again to keep waiting, or unfence to roll back.");
