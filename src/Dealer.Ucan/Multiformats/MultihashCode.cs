namespace Dealer.Ucan.Multiformats;

/// <summary>The multihash function codes Dealer reads.</summary>
public static class MultihashCode
{
    /// <summary><c>identity</c>: the digest is the data itself.</summary>
    public const ulong Identity = 0x00;

    /// <summary><c>sha2-256</c>: 32-byte SHA-256.</summary>
    public const ulong Sha256 = 0x12;

    /// <summary><c>fr32-sha2-256-trunc254-padded-binary-tree</c>: piece CIDs v2 (padding, height, root).</summary>
    public const ulong Fr32Sha256Trunc254PaddedBinaryTree = 0x1011;

    /// <summary><c>sha2-256-trunc254-padded</c>: piece CIDs v1 (a 32-byte root).</summary>
    public const ulong Sha256Trunc254Padded = 0x1012;
}
