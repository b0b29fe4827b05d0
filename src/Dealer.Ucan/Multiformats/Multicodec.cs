namespace Dealer.Ucan.Multiformats;

/// <summary>The multicodec codes Dealer uses, from the multiformats table.</summary>
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
}
