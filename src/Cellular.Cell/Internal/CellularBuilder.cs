using Microsoft.Extensions.DependencyInjection;

namespace Cellular.Cell.Internal;

internal sealed class CellularBuilder(IServiceCollection services) : ICellularBuilder
{
    public IServiceCollection Services { get; } = services;
}
