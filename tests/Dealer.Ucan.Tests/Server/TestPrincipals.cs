using Dealer.Ucan.Principals;

namespace Dealer.Ucan.Tests.Server;

/// <summary>Fixed principals of the protocol vectors (keys.json): seeds 01×32, 02×32, 03×32, plus an outsider.</summary>
internal static class TestPrincipals
{
    /// <summary>did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX</summary>
    public static readonly Ed25519Signer DealerSigner = Ed25519Signer.Derive(Seed(1));

    /// <summary>did:key:z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH</summary>
    public static readonly Ed25519Signer StorefrontSigner = Ed25519Signer.Derive(Seed(2));

    /// <summary>did:key:z6MkvRXNYcE7MMduynWTgeKbDaT1iijDSC8pZqXZc8rHPrf2</summary>
    public static readonly Ed25519Signer AgentSigner = Ed25519Signer.Derive(Seed(3));

    /// <summary>A principal nobody delegated anything to (seed 04×32).</summary>
    public static readonly Ed25519Signer MallorySigner = Ed25519Signer.Derive(Seed(4));

    public const string DealerDid = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";

    public const string StorefrontDid = "did:key:z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH";

    public const string AgentDid = "did:key:z6MkvRXNYcE7MMduynWTgeKbDaT1iijDSC8pZqXZc8rHPrf2";

    public const string DealerWebDid = "did:web:dealer.example.com";

    public const string StorefrontWebDid = "did:web:storefront.example.com";

    private static byte[] Seed(byte value) => Enumerable.Repeat(value, 32).ToArray();
}
