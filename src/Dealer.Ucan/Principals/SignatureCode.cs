namespace Dealer.Ucan.Principals;

/// <summary>Varsig signature algorithm codes, as @ipld/dag-ucan <c>signature.js</c> defines them.</summary>
public static class SignatureCode
{
    /// <summary>Non-standard algorithm: the UTF-8 algorithm name follows the raw signature.</summary>
    public const ulong NonStandard = 0xd000;

    /// <summary><c>ES256K</c>: ECDSA over secp256k1 with SHA-256.</summary>
    public const ulong Es256K = 0xd0e7;

    /// <summary><c>BLS12381G1</c>: BLS signatures in G1.</summary>
    public const ulong Bls12381G1 = 0xd0ea;

    /// <summary><c>BLS12381G2</c>: BLS signatures in G2.</summary>
    public const ulong Bls12381G2 = 0xd0eb;

    /// <summary><c>EdDSA</c>: Ed25519 (RFC 8032), 64-byte signatures.</summary>
    public const ulong EdDsa = 0xd0ed;

    /// <summary><c>ES256</c>: ECDSA over P-256 with SHA-256.</summary>
    public const ulong Es256 = 0xd01200;

    /// <summary><c>ES384</c>: ECDSA over P-384 with SHA-384.</summary>
    public const ulong Es384 = 0xd01201;

    /// <summary><c>ES512</c>: ECDSA over P-521 with SHA-512.</summary>
    public const ulong Es512 = 0xd01202;

    /// <summary><c>RS256</c>: RSASSA-PKCS1-v1_5 with SHA-256.</summary>
    public const ulong Rs256 = 0xd01205;

    /// <summary><c>EIP191</c>: Ethereum personal-message signatures.</summary>
    public const ulong Eip191 = 0xd191;

    /// <summary>The JWT algorithm name of a standard code, or <see langword="null"/> for codes dag-ucan does not name.</summary>
    public static string? NameOf(ulong code) => code switch
    {
        Es256K => "ES256K",
        Bls12381G1 => "BLS12381G1",
        Bls12381G2 => "BLS12381G2",
        EdDsa => "EdDSA",
        Es256 => "ES256",
        Es384 => "ES384",
        Es512 => "ES512",
        Rs256 => "RS256",
        Eip191 => "EIP191",
        _ => null,
    };

    /// <summary>The code of a JWT algorithm name; <see cref="NonStandard"/> for names without a standard code.</summary>
    public static ulong FromName(string algorithm)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return algorithm switch
        {
            "ES256K" => Es256K,
            "BLS12381G1" => Bls12381G1,
            "BLS12381G2" => Bls12381G2,
            "EdDSA" => EdDsa,
            "ES256" => Es256,
            "ES384" => Es384,
            "ES512" => Es512,
            "RS256" => Rs256,
            "EIP191" => Eip191,
            _ => NonStandard,
        };
    }
}
