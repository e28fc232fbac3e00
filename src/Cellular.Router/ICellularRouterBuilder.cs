namespace Cellular.Router;

/// <summary>Returned by <c>AddCellularRouter</c> for further configuration of the router's services.</summary>
public interface ICellularRouterBuilder
{
    /// <summary>The service collection the router was added to.</summary>
    IServiceCollection Services { get; }
}
