namespace Dealer.Ucan.Filecoin;

/// <summary>How <see cref="PairHasher"/> hashes a batch of 64-byte messages.</summary>
internal enum Sha256LaneWidth
{
    /// <summary>One <c>SHA256.HashData</c> call per message (no SIMD).</summary>
    Scalar = 1,

    /// <summary>4 messages per pass on 128-bit vectors.</summary>
    Vector128 = 4,

    /// <summary>8 messages per pass on 256-bit vectors.</summary>
    Vector256 = 8,

    /// <summary>16 messages per pass on AVX-512.</summary>
    Vector512 = 16,
}
