using Microsoft.Extensions.DependencyInjection;

namespace Cellular.Cell;

/// <summary>Returned by <c>AddCellular()</c> so the app can plug its own parts into the SDK.</summary>
public interface ICellularBuilder
{
    /// <summary>The application's services.</summary>
    IServiceCollection Services { get; }
}
