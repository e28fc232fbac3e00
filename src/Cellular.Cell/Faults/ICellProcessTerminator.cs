namespace Cellular.Cell.Faults;

/// <summary>Ends the cell process for a <c>crash</c> fault; replaced in tests, which must survive it.</summary>
internal interface ICellProcessTerminator
{
    /// <summary>Ends the process at once, without graceful shutdown; does not return in production.</summary>
    void Terminate(string reason);
}
