using Cellular.ControlPlane.Errors;

namespace Cellular.ControlPlane.Providers;

/// <summary>The registered <see cref="ICellProvider"/>s by name.</summary>
internal sealed class CellProviders
{
    private readonly Dictionary<string, ICellProvider> _byName;

    public CellProviders(IEnumerable<ICellProvider> providers)
    {
        _byName = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public IEnumerable<ICellProvider> All => _byName.Values;

    public ICellProvider? Find(string name) => _byName.GetValueOrDefault(name);

    public ICellProvider Get(string name) =>
        Find(name) ?? throw new ControlPlaneException(
            ProblemKind.Misconfigured,
            "Provider not available",
            $"The cell provider '{name}' is not available in this control plane.");
}
