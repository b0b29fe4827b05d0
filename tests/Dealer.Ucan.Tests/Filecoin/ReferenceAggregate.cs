using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Dealer.Ucan.Tests.Filecoin;

/// <summary>
/// Slow, obviously correct FRC-0058 aggregates written independently of the production code, straight from the
/// spec: place the pieces, write the index entries into the leaves, then hash the whole tree.
/// </summary>
internal static class ReferenceAggregate
{
    /// <summary>A piece for the reference: only its height and root matter.</summary>
    public readonly record struct Piece(int Height, byte[] Root);

    /// <summary>Placement as FRC-0058 describes it; null when the pieces do not fit (too many, too large, or
    /// running into the index).</summary>
    public static (ulong Index, int Level)[]? Place(IReadOnlyList<Piece> pieces, int height)
    {
        var size = BigInt(32) << height;
        var entries = Math.Max(4, (long)Math.Pow(2, Math.Ceiling(Math.Log2(Math.Max(1, (double)(size / 2048 / 64))))));
        if (pieces.Count > entries)
        {
            return null;
        }

        var placed = new (ulong, int)[pieces.Count];
        System.Numerics.BigInteger offset = 0; // in leaves
        for (var i = 0; i < pieces.Count; i++)
        {
            var width = BigInt(1) << pieces[i].Height;
            var index = (offset + width - 1) / width;
            offset = (index + 1) * width;
            if ((offset * 32) + (entries * 64) > size)
            {
                return null;
            }

            placed[i] = ((ulong)index, pieces[i].Height);
        }

        return placed;
    }

    /// <summary>Materializes all 2^height leaves and every level (small heights only).</summary>
    public static byte[]? FullTreeRoot(IReadOnlyList<Piece> pieces, int height)
    {
        var placed = Place(pieces, height);
        if (placed is null)
        {
            return null;
        }

        var leaves = 1 << height;
        var entries = Math.Max(4, leaves * 32 / 2048 / 64);
        var indexStartLeaf = leaves - (entries * 2);
        var level = new byte[leaves][];
        for (var i = 0; i < leaves; i++)
        {
            level[i] = new byte[32];
        }

        for (var n = 0; n < pieces.Count; n++)
        {
            var entry = Entry(pieces[n], placed[n].Index);
            level[indexStartLeaf + (2 * n)] = entry[..32];
            level[indexStartLeaf + (2 * n) + 1] = entry[32..];
        }

        for (var l = 0; l < height; l++)
        {
            var next = new byte[level.Length / 2][];
            for (var i = 0; i < next.Length; i++)
            {
                next[i] = Node(level[2 * i], level[(2 * i) + 1]);
            }

            for (var n = 0; n < pieces.Count; n++)
            {
                if (placed[n].Level == l + 1)
                {
                    next[placed[n].Index] = pieces[n].Root; // the piece's subtree, whose leaves we do not have
                }
            }

            level = next;
        }

        return level[0];
    }

    /// <summary>The same tree defined recursively (node = H(left ‖ right), an empty subtree = the hash of zeros),
    /// pruning only subtrees with nothing set: usable for any height.</summary>
    public static byte[]? RecursiveRoot(IReadOnlyList<Piece> pieces, int height)
    {
        var placed = Place(pieces, height);
        if (placed is null)
        {
            return null;
        }

        var size = BigInt(32) << height;
        var entries = Math.Max(4, (long)Math.Pow(2, Math.Ceiling(Math.Log2(Math.Max(1, (double)(size / 2048 / 64))))));
        var indexStartLeaf = (ulong)((size / 32) - (entries * 2));
        var set = new Dictionary<(int Level, ulong Index), byte[]>();
        for (var n = 0; n < pieces.Count; n++)
        {
            set[(placed[n].Level, placed[n].Index)] = pieces[n].Root;
            var entry = Entry(pieces[n], placed[n].Index);
            set[(0, indexStartLeaf + (ulong)(2 * n))] = entry[..32];
            set[(0, indexStartLeaf + (ulong)(2 * n) + 1)] = entry[32..];
        }

        var zero = new List<byte[]> { new byte[32] };
        while (zero.Count <= height)
        {
            zero.Add(Node(zero[^1], zero[^1]));
        }

        var occupied = new HashSet<(int, ulong)>();
        foreach (var (l, i) in set.Keys)
        {
            for (var up = l; up <= height; up++)
            {
                occupied.Add((up, i >> (up - l)));
            }
        }

        byte[] Root(int l, ulong i) =>
            set.TryGetValue((l, i), out var node) ? node
            : !occupied.Contains((l, i)) ? zero[l]
            : Node(Root(l - 1, 2 * i), Root(l - 1, (2 * i) + 1));

        return Root(height, 0);
    }

    private static byte[] Entry(Piece piece, ulong index)
    {
        var entry = new byte[64];
        piece.Root.CopyTo(entry, 0);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(32), (index << piece.Height) * 32);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(40), 32UL << piece.Height);
        var checksum = SHA256.HashData(entry);
        checksum[15] &= 0x3F;
        checksum.AsSpan(0, 16).CopyTo(entry.AsSpan(48));
        return entry;
    }

    private static byte[] Node(byte[] left, byte[] right)
    {
        var node = SHA256.HashData([.. left, .. right]);
        node[31] &= 0x3F;
        return node;
    }

    private static System.Numerics.BigInteger BigInt(long value) => value;
}
