namespace Cellular.Simulation;

/// <summary>A remote node answered with an error (a cell's 409, a refused store write): the call arrived and was refused.</summary>
internal sealed class RemoteRefusalException(string message, RefusalCode code = RefusalCode.Conflict) : Exception(message)
{
    public RefusalCode Code { get; } = code;
}
