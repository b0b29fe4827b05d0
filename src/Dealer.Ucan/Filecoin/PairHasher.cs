using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace Dealer.Ucan.Filecoin;

/// <summary>
/// Hashes many independent 64-byte messages <c>left ‖ right</c> (two 32-byte nodes) with the widest SHA-256 lane
/// implementation the CPU runs natively.
/// </summary>
internal static class PairHasher
{
    /// <summary>The width used by <see cref="HashPairs(ReadOnlySpan{byte}, ReadOnlySpan{int}, ReadOnlySpan{int}, Span{byte}, bool)"/>.</summary>
    public static readonly Sha256LaneWidth Best =
        Sha256Lanes512.IsSupported ? Sha256LaneWidth.Vector512
        : Sha256Lanes256.IsSupported ? Sha256LaneWidth.Vector256
        : Sha256Lanes128.IsSupported ? Sha256LaneWidth.Vector128
        : Sha256LaneWidth.Scalar;

    /// <summary>Whether <paramref name="width"/> can run on this CPU.</summary>
    public static bool IsSupported(Sha256LaneWidth width) => width switch
    {
        Sha256LaneWidth.Scalar => true,
        Sha256LaneWidth.Vector128 => Sha256Lanes128.IsSupported,
        Sha256LaneWidth.Vector256 => Sha256Lanes256.IsSupported,
        Sha256LaneWidth.Vector512 => Sha256Lanes512.IsSupported,
        _ => false,
    };

    /// <summary>
    /// <c>output[32·i..+32] = SHA-256(nodes[left[i]..+32] ‖ nodes[right[i]..+32])</c>, with byte 31 masked by
    /// <c>0x3F</c> when <paramref name="truncate"/> is set (trunc254). Offsets are byte offsets into
    /// <paramref name="nodes"/>; <paramref name="output"/> must not overlap the nodes it reads.
    /// </summary>
    public static void HashPairs(
        ReadOnlySpan<byte> nodes, ReadOnlySpan<int> left, ReadOnlySpan<int> right, Span<byte> output, bool truncate) =>
        HashPairs(Best, nodes, left, right, output, truncate);

    /// <summary>As <see cref="HashPairs(ReadOnlySpan{byte}, ReadOnlySpan{int}, ReadOnlySpan{int}, Span{byte}, bool)"/>
    /// with an explicit lane width (tests compare every width with the BCL).</summary>
    /// <exception cref="PlatformNotSupportedException">The CPU lacks <paramref name="width"/>.</exception>
    public static void HashPairs(
        Sha256LaneWidth width,
        ReadOnlySpan<byte> nodes,
        ReadOnlySpan<int> left,
        ReadOnlySpan<int> right,
        Span<byte> output,
        bool truncate)
    {
        if (left.Length != right.Length || output.Length < left.Length * 32)
        {
            throw new ArgumentException("Need one right offset and 32 output bytes per left offset.", nameof(output));
        }

        switch (width)
        {
            case Sha256LaneWidth.Vector512 when Sha256Lanes512.IsSupported:
                Sha256Lanes<Sha256Lanes512, Vector512<uint>>.HashPairs(nodes, left, right, output, truncate);
                break;
            case Sha256LaneWidth.Vector256 when Sha256Lanes256.IsSupported:
                Sha256Lanes<Sha256Lanes256, Vector256<uint>>.HashPairs(nodes, left, right, output, truncate);
                break;
            case Sha256LaneWidth.Vector128 when Sha256Lanes128.IsSupported:
                Sha256Lanes<Sha256Lanes128, Vector128<uint>>.HashPairs(nodes, left, right, output, truncate);
                break;
            case Sha256LaneWidth.Scalar:
                HashPairsScalar(nodes, left, right, output, truncate);
                break;
            default:
                throw new PlatformNotSupportedException($"SHA-256 lane width {width} is not supported on this CPU.");
        }
    }

    private static void HashPairsScalar(
        ReadOnlySpan<byte> nodes, ReadOnlySpan<int> left, ReadOnlySpan<int> right, Span<byte> output, bool truncate)
    {
        Span<byte> message = stackalloc byte[64];
        for (var i = 0; i < left.Length; i++)
        {
            nodes.Slice(left[i], 32).CopyTo(message);
            nodes.Slice(right[i], 32).CopyTo(message[32..]);
            var digest = output.Slice(i * 32, 32);
            SHA256.HashData(message, digest);
            if (truncate)
            {
                digest[31] &= 0x3F;
            }
        }
    }
}
