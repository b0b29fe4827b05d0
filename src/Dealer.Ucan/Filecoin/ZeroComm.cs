using System.Security.Cryptography;

namespace Dealer.Ucan.Filecoin;

/// <summary>
/// Roots of all-zero subtrees: <c>Z[0]</c> is 32 zero bytes, <c>Z[l+1] = trunc254(SHA-256(Z[l] ‖ Z[l]))</c>
/// (data-segment <c>src/zero-comm.js</c>). Any node of an aggregate with nothing set below it is <c>Z[level]</c>.
/// </summary>
internal static class ZeroComm
{
    /// <summary>The highest level in the table.</summary>
    public const int MaxLevel = 64;

    /// <summary><c>Z[0..64]</c>, 32 bytes each, back to back.</summary>
    private static readonly byte[] s_table = Build();

    /// <summary><c>Z[0..64]</c> back to back (Z[l] at byte 32·l).</summary>
    public static ReadOnlySpan<byte> Table => s_table;

    /// <summary><c>Z[level]</c>.</summary>
    public static ReadOnlySpan<byte> Level(int level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, MaxLevel);
        return s_table.AsSpan(level * 32, 32);
    }

    private static byte[] Build()
    {
        var table = new byte[(MaxLevel + 1) * 32];
        Span<byte> pair = stackalloc byte[64];
        for (var level = 1; level <= MaxLevel; level++)
        {
            var child = table.AsSpan((level - 1) * 32, 32);
            child.CopyTo(pair);
            child.CopyTo(pair[32..]);
            var node = table.AsSpan(level * 32, 32);
            SHA256.HashData(pair, node);
            node[31] &= 0x3F;
        }

        return table;
    }
}
