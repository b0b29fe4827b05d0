using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tests.Tokens;

/// <summary>The fixed principals of the protocol vectors (keys.json): seeds 01×32, 02×32, 03×32.</summary>
internal static class UcanFixtures
{
    /// <summary>did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX</summary>
    public static readonly Ed25519Signer Dealer = Ed25519Signer.Derive(Seed(0x01));

    /// <summary>did:key:z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH</summary>
    public static readonly Ed25519Signer Storefront = Ed25519Signer.Derive(Seed(0x02));

    /// <summary>did:key:z6MkvRXNYcE7MMduynWTgeKbDaT1iijDSC8pZqXZc8rHPrf2</summary>
    public static readonly Ed25519Signer Agent = Ed25519Signer.Derive(Seed(0x03));

    public const string DealerDid = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";
    public const string StorefrontDid = "did:key:z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH";
    public const string AgentDid = "did:key:z6MkvRXNYcE7MMduynWTgeKbDaT1iijDSC8pZqXZc8rHPrf2";
    public const string DealerDidWeb = "did:web:dealer.example.com";

    /// <summary>The aggregate piece link of the vectors (v2 piece CID, raw codec).</summary>
    public const string Aggregate = "bafkzcibcaafumrlza3a4ixhqc4hx7frcobk7p7bywiwqow5n377xo2dm2pp7udy";

    private static byte[] Seed(byte value) => Enumerable.Repeat(value, 32).ToArray();
}
