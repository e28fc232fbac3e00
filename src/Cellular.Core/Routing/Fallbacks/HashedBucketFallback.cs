namespace Cellular.Core.Routing.Fallbacks;

/// <summary>
/// Key → one of B fixed buckets by <see cref="StableHash"/>; buckets → cells by an explicit
/// table. Moving a bucket moves only its keys, and the bucket of a key never changes.
/// </summary>
public sealed class HashedBucketFallback : FallbackStrategy
{
    private readonly int[] _bucketCells;

    /// <summary>Creates the strategy from the cell index of each bucket.</summary>
    public HashedBucketFallback(int[] bucketCells)
    {
        ArgumentNullException.ThrowIfNull(bucketCells);
        if (bucketCells.Length == 0)
        {
            throw new ArgumentException("A hashed-bucket table needs at least one bucket.", nameof(bucketCells));
        }

        _bucketCells = bucketCells;
    }

    /// <summary>Number of buckets.</summary>
    public int BucketCount => _bucketCells.Length;

    /// <inheritdoc />
    public override RouteRule Rule => RouteRule.HashedBucket;

    /// <inheritdoc />
    public override FallbackKind Kind => FallbackKind.HashedBuckets;

    /// <summary>The bucket a key falls into.</summary>
    public int BucketOf(ReadOnlySpan<char> key) => (int)(StableHash.Hash(key) % (ulong)_bucketCells.Length);

    /// <inheritdoc />
    public override int Resolve(ReadOnlySpan<char> key) => _bucketCells[BucketOf(key)];

    /// <inheritdoc />
    public override FallbackSpec ToSpec(IReadOnlyList<RouteCell> cells) =>
        new(FallbackKind.HashedBuckets, Buckets: Array.ConvertAll(_bucketCells, i => cells[i].Id));
}
