using Cellular.Core.Api;
using Cellular.Core.Security;

namespace Cellular.Router.Tests.Infrastructure;

/// <summary>
/// The key hierarchy of the test control planes: one fixed master key, from which every cell's
/// secret and assertion keys are derived exactly as the real control plane does.
/// </summary>
internal static class TestKeys
{
    public static readonly byte[] MasterKey = [.. Enumerable.Range(1, CellSecrets.KeySize).Select(i => (byte)i)];

    public static byte[] Secret(string cell) => CellSecrets.DeriveCellSecret(MasterKey, cell);

    public static byte[] AssertionKey(string cell, long generation) => CellSecrets.DeriveAssertionKey(Secret(cell), generation);

    public static AssertionKeySet Set(long generation, IEnumerable<string> cells) =>
        new(generation, [.. cells.Distinct(StringComparer.Ordinal).Select(c => new CellAssertionKey(c, CellSecrets.Encode(AssertionKey(c, generation))))]);
}
