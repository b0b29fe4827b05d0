using Dealer.Ucan.Principals;

namespace Dealer.Service.Tests.Support;

/// <summary>The fixed principals of the shared vectors (keys.json).</summary>
internal static class TestPrincipals
{
    /// <summary>The dealer's private key string (seed 01×32).</summary>
    public const string DealerKey = "MgCYBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAe0Biojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=";

    /// <summary>The storefront's private key string (seed 02×32).</summary>
    public const string StorefrontKey = "MgCYCAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAu0BgTl3Dqh9F19Wo1Rmw0x+zMuNipG07jeiXfYPW4/Js5Q=";

    /// <summary>did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX</summary>
    public static Ed25519Signer Dealer { get; } = Ed25519Signer.Parse(DealerKey);

    /// <summary>did:key:z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH</summary>
    public static Ed25519Signer Storefront { get; } = Ed25519Signer.Parse(StorefrontKey);

    /// <summary>did:key:z6MkvRXNYcE7MMduynWTgeKbDaT1iijDSC8pZqXZc8rHPrf2 — holds no delegation.</summary>
    public static Ed25519Signer Agent { get; } = Ed25519Signer.Derive(Enumerable.Repeat((byte)3, 32).ToArray());

    /// <summary>An aggregator with its own key (seed 09×32), for the trusted-aggregator tests.</summary>
    public static Ed25519Signer Aggregator { get; } = Ed25519Signer.Derive(Enumerable.Repeat((byte)9, 32).ToArray());

    public const string DealerDid = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";

    public const string StorefrontDid = "did:key:z6Mko9hTggMwjSTEaJaPUfE6tqcy2xvU6BnNq3e3o8qVBiyH";

    public const string AgentDid = "did:key:z6MkvRXNYcE7MMduynWTgeKbDaT1iijDSC8pZqXZc8rHPrf2";
}
