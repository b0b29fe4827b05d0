using Dealer.Ucan.Principals;

namespace Dealer.Testing;

/// <summary>
/// Fixed principals of the protocol vectors (keys.json): seeds 01×32, 02×32, 03×32, plus an outsider and an aggregator
/// with its own key. Shared by every test project, the bench and the fuzz harness.
/// </summary>
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

    /// <summary>An aggregator with its own key (seed 09×32), for the trusted-aggregator tests.</summary>
    public static readonly Ed25519Signer AggregatorSigner = Ed25519Signer.Derive(Seed(9));

    /// <summary>The dealer's private key string (seed 01×32), as <c>dealer serve --key</c> takes it.</summary>
    public const string DealerKey = "MgCYBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAe0Biojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=";

    /// <summary>The storefront's private key string (seed 02×32).</summary>
    public const string StorefrontKey = "MgCYCAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAu0BgTl3Dqh9F19Wo1Rmw0x+zMuNipG07jeiXfYPW4/Js5Q=";

    public const string DealerDid = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";

    public const string StorefrontDid = "did:key:z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH";

    public const string AgentDid = "did:key:z6MkvRXNYcE7MMduynWTgeKbDaT1iijDSC8pZqXZc8rHPrf2";

    public const string DealerWebDid = "did:web:dealer.example.com";

    public const string StorefrontWebDid = "did:web:storefront.example.com";

    private static byte[] Seed(byte value) => Enumerable.Repeat(value, 32).ToArray();
}
