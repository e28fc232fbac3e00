using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Cellular.ControlPlane.Store;
using Cellular.Core.Api;

namespace Cellular.ControlPlane.Tests.Store.Conformance;

/// <summary>
/// <see cref="KeyStore"/> on every provider: API keys (every field, the secret's hash byte for
/// byte, revocation, last use, unique names, by-name order) and the store-wide settings.
/// </summary>
public abstract class KeyStoreConformanceTests : StoreConformanceTest
{
    private readonly KeyStore _keys = new();

    private protected KeyStoreConformanceTests(IStoreFactory factory)
        : base(factory)
    {
    }

    [Fact]
    public async Task InsertAsync_ThenGet_RoundTripsEveryField_TheHashByteForByte()
    {
        byte[] hash = [0x00, 0xFF, 0x80, 0x7F, 0x00, .. SHA256.HashData("secret"u8)];
        var key = new ApiKeyRecord(
            "key_Ünïcode",
            "déploiement-bot ✓",
            ApiRole.CellOperator,
            hash,
            Time.GetUtcNow().AddTicks(1_234_567),
            "admin@exämple",
            new DateTimeOffset(2026, 6, 30, 14, 0, 0, 1, TimeSpan.FromHours(2)),
            null,
            null);

        await Store.WriteAsync(tx => _keys.InsertAsync(tx, key), CancellationToken.None);

        var read = await Store.ReadAsync(tx => _keys.GetAsync(tx, key.Id), CancellationToken.None);
        var byName = await Store.WriteAsync(tx => _keys.GetByNameForUpdateAsync(tx, key.Name), CancellationToken.None);
        Assert.NotNull(read);
        Assert.Equal(
            (key.Id, key.Name, key.Role, key.CreatedAt, key.CreatedBy, key.ExpiresAt, key.RevokedAt, key.LastUsedAt),
            (read.Id, read.Name, read.Role, read.CreatedAt, read.CreatedBy, read.ExpiresAt, read.RevokedAt, read.LastUsedAt));
        Assert.Equal(hash, read.SecretHash);
        Assert.Equal(TimeSpan.Zero, read.ExpiresAt!.Value.Offset);
        Assert.NotNull(byName);
        Assert.Equal(key.Id, byName.Id);
        Assert.Equal(hash, byName.SecretHash);
    }

    [Fact]
    public async Task InsertAsync_NoExpiry_ReadsBackNull_EveryRole()
    {
        foreach (var role in Enum.GetValues<ApiRole>())
        {
            await Store.WriteAsync(tx => _keys.InsertAsync(tx, NewKey($"id-{role}", $"name-{role}") with { Role = role }), CancellationToken.None);
        }

        var keys = await Store.ReadAsync(tx => _keys.ListAsync(tx), CancellationToken.None);

        Assert.Equal(Enum.GetValues<ApiRole>().Order(), keys.Select(k => k.Role).Order());
        Assert.All(keys, k => Assert.Equal(((DateTimeOffset?)null, (DateTimeOffset?)null, (DateTimeOffset?)null), (k.ExpiresAt, k.RevokedAt, k.LastUsedAt)));
    }

    [Fact]
    public async Task GetAsync_MissingKey_IsNull()
    {
        await Store.WriteAsync(tx => _keys.InsertAsync(tx, NewKey("k1", "ci")), CancellationToken.None);

        Assert.Null(await Store.ReadAsync(tx => _keys.GetAsync(tx, "missing"), CancellationToken.None));
        Assert.Null(await Store.ReadAsync(tx => _keys.GetAsync(tx, "K1"), CancellationToken.None));
        Assert.Null(await Store.WriteAsync(tx => _keys.GetByNameForUpdateAsync(tx, "missing"), CancellationToken.None));
        Assert.Null(await Store.WriteAsync(tx => _keys.GetByNameForUpdateAsync(tx, "CI"), CancellationToken.None));
    }

    [Fact]
    public async Task ListAsync_IsByNameInByteOrder_RevokedKeysToo()
    {
        string[] names = ["b", "B", "a-1", "a_1", "A", "10", "9", "é", "~"];
        foreach (var (name, i) in names.Select((name, i) => (name, i)))
        {
            await Store.WriteAsync(tx => _keys.InsertAsync(tx, NewKey($"k{i}", name)), CancellationToken.None);
        }

        await Store.WriteAsync(tx => _keys.RevokeAsync(tx, "k0"), CancellationToken.None);

        var keys = await Store.ReadAsync(tx => _keys.ListAsync(tx), CancellationToken.None);

        Assert.Equal(names.Order(StringComparer.Ordinal), keys.Select(k => k.Name));
        Assert.Equal(["k0"], keys.Where(k => k.RevokedAt is not null).Select(k => k.Id));
    }

    [Fact]
    public async Task InsertAsync_ATakenNameOrId_IsRefused_EvenWhenTheOtherKeyIsRevoked()
    {
        await Store.WriteAsync(tx => _keys.InsertAsync(tx, NewKey("k1", "ci")), CancellationToken.None);
        await Store.WriteAsync(tx => _keys.RevokeAsync(tx, "k1"), CancellationToken.None);

        await Assert.ThrowsAnyAsync<DbException>(() => Store.WriteAsync(tx => _keys.InsertAsync(tx, NewKey("k2", "ci")), CancellationToken.None));
        await Assert.ThrowsAnyAsync<DbException>(() => Store.WriteAsync(tx => _keys.InsertAsync(tx, NewKey("k1", "other")), CancellationToken.None));
        await Store.WriteAsync(tx => _keys.InsertAsync(tx, NewKey("k3", "CI")), CancellationToken.None);

        var keys = await Store.ReadAsync(tx => _keys.ListAsync(tx), CancellationToken.None);
        Assert.Equal([("k3", "CI"), ("k1", "ci")], keys.Select(k => (k.Id, k.Name)));
    }

    [Fact]
    public async Task RevokeAsync_StampsTheTransactionsTime_TheKeyStaysWithItsName()
    {
        await Store.WriteAsync(tx => _keys.InsertAsync(tx, NewKey("k1", "ci")), CancellationToken.None);
        await Store.WriteAsync(tx => _keys.InsertAsync(tx, NewKey("k2", "other")), CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(3).Add(TimeSpan.FromTicks(7)));

        await Store.WriteAsync(tx => _keys.RevokeAsync(tx, "k1"), CancellationToken.None);
        await Store.WriteAsync(tx => _keys.RevokeAsync(tx, "missing"), CancellationToken.None);

        var revoked = await Store.ReadAsync(tx => _keys.GetAsync(tx, "k1"), CancellationToken.None);
        var other = await Store.ReadAsync(tx => _keys.GetAsync(tx, "k2"), CancellationToken.None);
        Assert.Equal(Time.GetUtcNow(), revoked!.RevokedAt);
        Assert.Equal("ci", revoked.Name);
        Assert.Equal("k1", (await Store.WriteAsync(tx => _keys.GetByNameForUpdateAsync(tx, "ci"), CancellationToken.None))!.Id);
        Assert.Null(other!.RevokedAt);
    }

    [Fact]
    public async Task TouchAsync_RemembersTheLastUse_ExactlyAsGiven()
    {
        await Store.WriteAsync(tx => _keys.InsertAsync(tx, NewKey("k1", "ci")), CancellationToken.None);
        var first = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(-5)).AddTicks(9_999_999);
        var second = first.AddMilliseconds(1);

        await Store.WriteAsync(tx => _keys.TouchAsync(tx, "k1", first), CancellationToken.None);
        var touched = await Store.ReadAsync(tx => _keys.GetAsync(tx, "k1"), CancellationToken.None);
        await Store.WriteAsync(tx => _keys.TouchAsync(tx, "k1", second), CancellationToken.None);
        var again = await Store.ReadAsync(tx => _keys.GetAsync(tx, "k1"), CancellationToken.None);

        Assert.Equal(first, touched!.LastUsedAt);
        Assert.Equal(second, again!.LastUsedAt);
        Assert.Null(again.RevokedAt);
    }

    [Fact]
    public async Task GetStoreIdAsync_IsStable_AndEachStoreHasItsOwn()
    {
        var other = await CreateStoreAsync();
        await other.InitializeAsync(CancellationToken.None);

        var id = await Store.ReadAsync(tx => _keys.GetStoreIdAsync(tx), CancellationToken.None);
        await Store.InitializeAsync(CancellationToken.None);
        var again = await Store.ReadAsync(tx => _keys.GetStoreIdAsync(tx), CancellationToken.None);
        var otherId = await other.ReadAsync(tx => _keys.GetStoreIdAsync(tx), CancellationToken.None);

        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.Equal(id, again);
        Assert.NotEqual(id, otherId);
    }

    [Fact]
    public async Task AssertionGeneration_StartsAtOne_AndKeepsWhatWasSet()
    {
        var initial = await Store.ReadAsync(tx => _keys.GetAssertionGenerationAsync(tx), CancellationToken.None);

        await Store.WriteAsync(tx => _keys.SetAssertionGenerationAsync(tx, 2), CancellationToken.None);
        var two = await Store.ReadAsync(tx => _keys.GetAssertionGenerationAsync(tx), CancellationToken.None);
        await Store.WriteAsync(tx => _keys.SetAssertionGenerationAsync(tx, long.MaxValue), CancellationToken.None);
        var max = await Store.ReadAsync(tx => _keys.GetAssertionGenerationAsync(tx), CancellationToken.None);

        Assert.Equal((1L, 2L, long.MaxValue), (initial, two, max));
    }

    [Fact]
    public async Task TableSettings_NullAtFirst_ThenTheLastWritten_Verbatim()
    {
        const string first = """{"fallback":"c1","note":"zürich ✓ \"quoted\" \\ slash"}""";
        const string second = """{"fallback":null}""";
        var initial = await Store.ReadAsync(tx => _keys.GetTableSettingsAsync(tx), CancellationToken.None);

        await Store.WriteAsync(tx => _keys.SetTableSettingsAsync(tx, first), CancellationToken.None);
        var afterFirst = await Store.ReadAsync(tx => _keys.GetTableSettingsAsync(tx), CancellationToken.None);
        await Store.WriteAsync(tx => _keys.SetTableSettingsAsync(tx, second), CancellationToken.None);
        var afterSecond = await Store.ReadAsync(tx => _keys.GetTableSettingsAsync(tx), CancellationToken.None);
        await Store.WriteAsync(tx => _keys.SetTableSettingsAsync(tx, string.Empty), CancellationToken.None);
        var empty = await Store.ReadAsync(tx => _keys.GetTableSettingsAsync(tx), CancellationToken.None);

        Assert.Null(initial);
        Assert.Equal(first, afterFirst);
        Assert.Equal(second, afterSecond);
        Assert.Equal(string.Empty, empty);
        Assert.Equal(1L, await Store.ReadAsync(tx => _keys.GetAssertionGenerationAsync(tx), CancellationToken.None));
    }

    [Fact]
    public async Task Settings_ARolledBackWrite_KeepsTheOldValue()
    {
        await Store.WriteAsync(tx => _keys.SetTableSettingsAsync(tx, "kept"), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteAsync(
            async tx =>
            {
                await _keys.SetTableSettingsAsync(tx, "lost");
                await _keys.SetAssertionGenerationAsync(tx, 9);
                throw new InvalidOperationException("rolled back");
            },
            CancellationToken.None));

        Assert.Equal("kept", await Store.ReadAsync(tx => _keys.GetTableSettingsAsync(tx), CancellationToken.None));
        Assert.Equal(1L, await Store.ReadAsync(tx => _keys.GetAssertionGenerationAsync(tx), CancellationToken.None));
    }

    private ApiKeyRecord NewKey(string id, string name) =>
        new(id, name, ApiRole.ReadOnly, SHA256.HashData(Encoding.UTF8.GetBytes(id)), Time.GetUtcNow(), "admin", null, null, null);
}
