using System.Buffers;
using System.Buffers.Binary;

namespace Dealer.Ucan.Filecoin;

/// <summary>
/// The FRC-0058 aggregate tree, computed sparsely: only the ancestors of set nodes (piece roots at their height,
/// index entries at level 1) are hashed, level by level, each level in one multi-lane SHA-256 batch; everything
/// else is a precomputed zero-subtree root (<see cref="ZeroComm"/>). The tree itself is never materialized.
/// </summary>
/// <remarks>
/// All node bytes live in one pooled buffer and the per-level lists are pooled struct arrays, so a call allocates
/// nothing per node. Buffers of up to <see cref="PooledBytesLimit"/> bytes come from the shared pool; larger ones
/// (offers of more than a few hundred pieces) are kept one per size class for the next large offer and released
/// after <see cref="KeptFor"/> without one (not in the shared pool, which keeps returned arrays in per-thread and
/// per-core caches for good, so large offers handled on many threads would leave one set of buffers, about 10 MiB for
/// a 1 MiB offer, held per thread). Layout of the node buffer (in 32-byte
/// nodes):
/// <c>Z[0..64] | piece roots (n) | index entries (2n) | entry nodes (n) | level A (2n) | level B (2n)</c>.
/// A level never holds more than 2n nodes: each of the n pieces and n entries has at most one ancestor per level.
/// </remarks>
internal static class AggregateTree
{
    /// <summary>A hard cap on the piece count, far above any real offer (a 32 GiB index has 262,144 entries),
    /// to bound the working memory (≈ 256 bytes per piece).</summary>
    public const int MaxPieces = 1 << 20;

    /// <summary>The largest scratch buffer, in bytes, taken from the shared pool (a power of two).</summary>
    internal const int PooledBytesLimit = 1 << 16;

    /// <summary>The largest scratch buffer, in bytes, kept for reuse by the private pool (a power of two; 16 MiB covers
    /// offers of about 65,000 pieces).</summary>
    internal const int KeptBytesLimit = 1 << 24;

    /// <summary>How long the scratch arrays of a large offer are kept for the next one (then released).</summary>
    internal static readonly TimeSpan KeptFor = TimeSpan.FromSeconds(2);

    private const int Node = 32;

    /// <summary>
    /// Places <paramref name="pieces"/> in order and computes the root of an aggregate of
    /// <paramref name="height"/> (3..58). On failure returns the outcome and the offending piece.
    /// </summary>
    /// <param name="pieces">The pieces in the order they are laid out.</param>
    /// <param name="height">The aggregate height.</param>
    /// <param name="root">Receives the 32-byte root on success.</param>
    /// <param name="pieceOffsets">Receives each piece's byte offset when not empty (length ≥ n).</param>
    /// <param name="failedPiece">The index of the piece that failed, or -1.</param>
    /// <param name="dataEnd">The byte offset after the last piece on success.</param>
    public static AggregateVerificationOutcome Build(
        ReadOnlySpan<PieceLink> pieces,
        int height,
        Span<byte> root,
        Span<ulong> pieceOffsets,
        out int failedPiece,
        out ulong dataEnd)
    {
        var n = pieces.Length;
        var entries = Aggregate.IndexEntryCount((byte)height);
        var totalLeaves = 1UL << height;
        var indexLeaves = entries * 2; // an entry is 64 bytes = 2 leaves
        var dataLimit = indexLeaves <= totalLeaves ? totalLeaves - indexLeaves : 0;
        failedPiece = -1;
        dataEnd = 0;
        if (n == 0)
        {
            ZeroComm.Level(height).CopyTo(root);
            return AggregateVerificationOutcome.Ok;
        }

        var placed = Scratch<ulong>.Rent(n);
        try
        {
            // Placement (data-segment aggregate.js `estimate`): keep the order, align each piece to its own size,
            // reject per piece in the library's order of checks.
            ulong offset = 0;
            for (var i = 0; i < n; i++)
            {
                var piece = pieces[i];
                if ((ulong)i >= entries || i >= MaxPieces)
                {
                    failedPiece = i;
                    return AggregateVerificationOutcome.TooManyPieces;
                }

                if (piece.Height > height)
                {
                    failedPiece = i;
                    return AggregateVerificationOutcome.PieceTooLarge;
                }

                int h = piece.Height;
                var index = (offset + (1UL << h) - 1) >> h;
                var end = (index + 1) << h;
                if (indexLeaves > totalLeaves || end > dataLimit)
                {
                    failedPiece = i;
                    return AggregateVerificationOutcome.PiecesOverflow;
                }

                placed[i] = index;
                offset = end;
            }

            dataEnd = offset * Node;
            if (!pieceOffsets.IsEmpty)
            {
                for (var i = 0; i < n; i++)
                {
                    pieceOffsets[i] = (placed[i] << pieces[i].Height) * Node;
                }
            }

            ComputeRoot(pieces, placed.AsSpan(0, n), height, (totalLeaves - indexLeaves) / 2, root);
            return AggregateVerificationOutcome.Ok;
        }
        finally
        {
            Scratch<ulong>.Return(placed);
        }
    }

    private static void ComputeRoot(
        ReadOnlySpan<PieceLink> pieces, ReadOnlySpan<ulong> placed, int height, ulong firstEntryIndex, Span<byte> root)
    {
        var n = pieces.Length;
        var capacity = 2 * n;
        var zeroBase = 0;
        var rootsBase = (ZeroComm.MaxLevel + 1) * Node;
        var entriesBase = rootsBase + (n * Node);
        var entryNodesBase = entriesBase + (n * 2 * Node);
        var levelBase = entryNodesBase + (n * Node);
        var levelSize = capacity * Node;

        var nodeBuffer = Scratch<byte>.Rent(levelBase + (2 * levelSize));
        var indexA = Scratch<ulong>.Rent(capacity);
        var indexB = Scratch<ulong>.Rent(capacity);
        var refA = Scratch<int>.Rent(capacity);
        var refB = Scratch<int>.Rent(capacity);
        var left = Scratch<int>.Rent(capacity);
        var right = Scratch<int>.Rent(capacity);
        var order = Scratch<int>.Rent(n);
        try
        {
            var nodes = nodeBuffer.AsSpan();
            ZeroComm.Table.CopyTo(nodes[zeroBase..]);

            // Piece roots, and the FRC-0058 index entries: root ‖ offset (u64 LE) ‖ size (u64 LE) ‖ checksum (16).
            Span<int> heightStart = stackalloc int[PieceLink.MaxHeight + 2];
            heightStart.Clear();
            for (var i = 0; i < n; i++)
            {
                var piece = pieces[i];
                piece.Root.CopyTo(nodes.Slice(rootsBase + (i * Node), Node));
                var entry = nodes.Slice(entriesBase + (i * 2 * Node), 2 * Node);
                piece.Root.CopyTo(entry);
                BinaryPrimitives.WriteUInt64LittleEndian(entry[32..], (placed[i] << piece.Height) * Node);
                BinaryPrimitives.WriteUInt64LittleEndian(entry[40..], (ulong)Node << piece.Height);
                entry[48..].Clear();
                left[i] = entriesBase + (i * 2 * Node);
                right[i] = left[i] + Node;
                heightStart[piece.Height + 1]++;
            }

            // checksum = SHA-256(entry with a zero checksum)[0..16), byte 15 &= 0x3F; then the entry's level-1
            // node = trunc254(SHA-256(entry)). Both are one batch over all entries.
            var scratch = nodes.Slice(levelBase, n * Node);
            PairHasher.HashPairs(nodes, left.AsSpan(0, n), right.AsSpan(0, n), scratch, truncate: false);
            for (var i = 0; i < n; i++)
            {
                var checksum = nodes.Slice(entriesBase + (i * 2 * Node) + 48, 16);
                scratch.Slice(i * Node, 16).CopyTo(checksum);
                checksum[15] &= 0x3F;
            }

            PairHasher.HashPairs(
                nodes, left.AsSpan(0, n), right.AsSpan(0, n), nodes.Slice(entryNodesBase, n * Node), truncate: true);

            // Pieces grouped by height, in placement order within a height (so by increasing index).
            for (var h = 1; h < heightStart.Length; h++)
            {
                heightStart[h] += heightStart[h - 1];
            }

            Span<int> fill = stackalloc int[PieceLink.MaxHeight + 1];
            heightStart[..fill.Length].CopyTo(fill);
            for (var i = 0; i < n; i++)
            {
                order[fill[pieces[i].Height]++] = i;
            }

            // Bottom-up: cur = (index, node offset) sorted by index; merge the nodes set at this level, pair
            // siblings (a missing sibling is Z[level]) and hash all parents of the level in one batch.
            var curCount = 0;
            var outBase = levelBase;
            for (var level = 0; level < height; level++)
            {
                var mergedCount = Merge(
                    indexA.AsSpan(0, curCount),
                    refA.AsSpan(0, curCount),
                    order.AsSpan(heightStart[level], heightStart[level + 1] - heightStart[level]),
                    placed,
                    rootsBase,
                    indexB,
                    refB);
                if (level == 1)
                {
                    // Entries sit after all data (the index fills the end), so they append in order.
                    for (var e = 0; e < n; e++)
                    {
                        indexB[mergedCount] = firstEntryIndex + (ulong)e;
                        refB[mergedCount++] = entryNodesBase + (e * Node);
                    }
                }

                var zero = zeroBase + (level * Node);
                var parents = 0;
                for (var k = 0; k < mergedCount; k++)
                {
                    var index = indexB[k];
                    if ((index & 1) == 0)
                    {
                        left[parents] = refB[k];
                        if (k + 1 < mergedCount && indexB[k + 1] == index + 1)
                        {
                            right[parents] = refB[++k];
                        }
                        else
                        {
                            right[parents] = zero;
                        }
                    }
                    else
                    {
                        left[parents] = zero;
                        right[parents] = refB[k];
                    }

                    indexA[parents] = index >> 1;
                    refA[parents] = outBase + (parents * Node);
                    parents++;
                }

                PairHasher.HashPairs(
                    nodes, left.AsSpan(0, parents), right.AsSpan(0, parents), nodes.Slice(outBase, parents * Node), truncate: true);
                curCount = parents;
                outBase = outBase == levelBase ? levelBase + levelSize : levelBase;
            }

            nodes.Slice(refA[0], Node).CopyTo(root);
        }
        finally
        {
            Scratch<int>.Return(order);
            Scratch<int>.Return(right);
            Scratch<int>.Return(left);
            Scratch<int>.Return(refB);
            Scratch<int>.Return(refA);
            Scratch<ulong>.Return(indexB);
            Scratch<ulong>.Return(indexA);
            Scratch<byte>.Return(nodeBuffer);
        }
    }

    /// <summary>Merges the current level (sorted by index) with the pieces set at this level (in placement order,
    /// hence sorted) into <paramref name="outIndex"/>/<paramref name="outRef"/>; returns the merged count.</summary>
    private static int Merge(
        ReadOnlySpan<ulong> curIndex,
        ReadOnlySpan<int> curRef,
        ReadOnlySpan<int> added,
        ReadOnlySpan<ulong> placed,
        int rootsBase,
        Span<ulong> outIndex,
        Span<int> outRef)
    {
        if (added.IsEmpty)
        {
            curIndex.CopyTo(outIndex);
            curRef.CopyTo(outRef);
            return curIndex.Length;
        }

        int i = 0, j = 0, k = 0;
        while (i < curIndex.Length || j < added.Length)
        {
            if (j == added.Length || (i < curIndex.Length && curIndex[i] < placed[added[j]]))
            {
                outIndex[k] = curIndex[i];
                outRef[k++] = curRef[i++];
            }
            else
            {
                var piece = added[j++];
                outIndex[k] = placed[piece];
                outRef[k++] = rootsBase + (piece * Node);
            }
        }

        return k;
    }

    /// <summary>
    /// Scratch arrays: from the shared pool up to <see cref="PooledBytesLimit"/> bytes; above it a few arrays per size
    /// class (up to <see cref="KeptBytesLimit"/>) are kept for the next large offer and let go once no large offer has
    /// been checked for <see cref="KeptFor"/>, so that nothing stays held after a burst; beyond that allocated.
    /// </summary>
    private static class Scratch<T>
    {
        // All three limits are powers of two, so an array rented under a limit (its length rounded up to a power of
        // two) never exceeds it, and the length alone says where it goes back to.
        private static readonly int MaxSharedLength = PooledBytesLimit / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        private static readonly int MaxKeptLength = KeptBytesLimit / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

        // One check uses up to 4 arrays of one size (two index lists, four reference lists): slots
        // [k·PerSize, (k+1)·PerSize) hold kept arrays of length 2^k.
        private const int PerSize = 4;
        private static readonly T[]?[] Kept = new T[]?[32 * PerSize];
        private static readonly Timer Release = new(_ => ReleaseKept(), null, Timeout.Infinite, Timeout.Infinite);

        public static T[] Rent(int length)
        {
            if (length <= MaxSharedLength)
            {
                return ArrayPool<T>.Shared.Rent(length);
            }

            var size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)length);
            if (size <= MaxKeptLength)
            {
                var first = System.Numerics.BitOperations.Log2((uint)size) * PerSize;
                for (var i = first; i < first + PerSize; i++)
                {
                    if (Interlocked.Exchange(ref Kept[i], null) is { } kept)
                    {
                        return kept;
                    }
                }
            }

            // Every byte the algorithm reads it has written first.
            return size <= MaxKeptLength ? GC.AllocateUninitializedArray<T>(size) : GC.AllocateUninitializedArray<T>(length);
        }

        public static void Return(T[] array)
        {
            if (array.Length <= MaxSharedLength)
            {
                ArrayPool<T>.Shared.Return(array);
            }
            else if (array.Length <= MaxKeptLength && System.Numerics.BitOperations.IsPow2(array.Length))
            {
                var first = System.Numerics.BitOperations.Log2((uint)array.Length) * PerSize;
                for (var i = first; i < first + PerSize; i++)
                {
                    if (Interlocked.CompareExchange(ref Kept[i], array, null) is null)
                    {
                        break;
                    }
                }

                Release.Change(KeptFor, Timeout.InfiniteTimeSpan);
            }
        }

        private static void ReleaseKept()
        {
            for (var i = 0; i < Kept.Length; i++)
            {
                Interlocked.Exchange(ref Kept[i], null);
            }
        }
    }
}
