namespace Cellular.Cell.TenantData;

/// <summary>The app did not register the store a cell-contract call needs; answered with 501.</summary>
internal sealed class CellContractNotImplementedException(string message) : Exception(message);
