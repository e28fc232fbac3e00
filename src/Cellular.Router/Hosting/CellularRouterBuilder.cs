namespace Cellular.Router.Hosting;

/// <summary>The default <see cref="ICellularRouterBuilder"/>.</summary>
internal sealed class CellularRouterBuilder(IServiceCollection services) : ICellularRouterBuilder
{
    /// <inheritdoc />
    public IServiceCollection Services { get; } = services;
}
