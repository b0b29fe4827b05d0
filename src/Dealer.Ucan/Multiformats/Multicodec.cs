namespace Dealer.Ucan.Multiformats;

/// <summary>
/// The multicodec codes Dealer uses (IPLD codecs, multihash functions, key types, did-core), from the one multiformats
/// table; every other place names them from here. The UCAN signature algorithms are <c>SignatureCode</c>.
/// </summary>
/// <remarks>See https://github.com/multiformats/multicodec/blob/master/table.csv.</remarks>
public static class Multicodec
{
    /// <summary><c>raw</c>: plain bytes (piece CIDs v2, JWT UCANs).</summary>
    public const ulong Raw = 0x55;

    /// <summary><c>dag-pb</c>: the only codec of a CIDv0.</summary>
    public const ulong DagPb = 0x70;

    /// <summary><c>dag-cbor</c>: UCANs, receipts, agent messages.</summary>
    public const ulong DagCbor = 0x71;

    /// <summary><c>fil-commitment-unsealed</c>: piece CIDs v1 (legacy commP).</summary>
    public const ulong FilCommitmentUnsealed = 0xf101;

    /// <summary><c>ed25519-pub</c>: an Ed25519 public key in did:key.</summary>
    public const ulong Ed25519Pub = 0xed;

    /// <summary><c>ed25519-priv</c>: an Ed25519 private key (ucanto key strings).</summary>
    public const ulong Ed25519Priv = 0x1300;

    /// <summary><c>rsa-pub</c>: an RSA public key in did:key.</summary>
    public const ulong RsaPub = 0x1205;

    /// <summary><c>rsa-priv</c>: an RSA private key (ucanto key strings).</summary>
    public const ulong RsaPriv = 0x1305;

    /// <summary><c>identity</c> (multihash): the digest is the data itself.</summary>
    public const ulong Identity = 0x00;

    /// <summary><c>sha2-256</c> (multihash): 32-byte SHA-256.</summary>
    public const ulong Sha256 = 0x12;

    /// <summary><c>fr32-sha2-256-trunc254-padded-binary-tree</c> (multihash): piece CIDs v2 (padding, height, root).</summary>
    public const ulong Fr32Sha256Trunc254PaddedBinaryTree = 0x1011;

    /// <summary><c>sha2-256-trunc254-padded</c> (multihash): piece CIDs v1 (a 32-byte root).</summary>
    public const ulong Sha256Trunc254Padded = 0x1012;

    /// <summary><c>did-core</c>: a non-key DID in principal bytes.</summary>
    public const ulong DidCore = 0x0d1d;

    /// <summary><c>p256-pub</c>.</summary>
    public const ulong P256Pub = 0x1200;

    /// <summary><c>p384-pub</c>.</summary>
    public const ulong P384Pub = 0x1201;

    /// <summary><c>p521-pub</c>.</summary>
    public const ulong P521Pub = 0x1202;

    /// <summary><c>secp256k1-pub</c>.</summary>
    public const ulong Secp256k1Pub = 0xe7;

    /// <summary><c>bls12_381-g1-pub</c>.</summary>
    public const ulong Bls12381G1Pub = 0xea;

    /// <summary><c>bls12_381-g2-pub</c>.</summary>
    public const ulong Bls12381G2Pub = 0xeb;
}
