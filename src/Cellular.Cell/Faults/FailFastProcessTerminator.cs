namespace Cellular.Cell.Faults;

/// <summary>
/// Crashes the way a poison-pill request does: <see cref="Environment.FailFast(string)"/> ends the
/// process at once with a non-zero exit code, skipping graceful shutdown (which would wait for the
/// very request that is crashing it).
/// </summary>
internal sealed class FailFastProcessTerminator : ICellProcessTerminator
{
    public void Terminate(string reason) => Environment.FailFast(reason);
}
