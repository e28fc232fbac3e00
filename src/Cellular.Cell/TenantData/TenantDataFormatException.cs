namespace Cellular.Cell.TenantData;

/// <summary>Imported rows or applied changes the app cannot accept; the SDK answers 400 with the message.</summary>
public sealed class TenantDataFormatException : Exception
{
    /// <summary>Creates the exception; say which row or change is wrong and why.</summary>
    public TenantDataFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the parser's error as the cause.</summary>
    public TenantDataFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
