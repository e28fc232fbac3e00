using Cellular.Core.Api;

namespace Cellular.Cell.Faults;

/// <summary>
/// Thrown by a fault's chaos pipeline when it decides to hit a request; the fault middleware
/// catches it and answers, aborts or crashes as the fault says. It never leaves the middleware.
/// </summary>
internal sealed class InjectedFaultException(CellFault fault) : Exception($"Fault {fault.Id} ({fault.Kind}) injected.")
{
    public CellFault Fault { get; } = fault;
}
