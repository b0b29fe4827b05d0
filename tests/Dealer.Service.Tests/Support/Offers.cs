using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Tokens;

namespace Dealer.Service.Tests.Support;

/// <summary>Builds deal/offer invocations and storefront delegations the way a storefront does.</summary>
internal static class Offers
{
    public static Block PiecesBlock(IReadOnlyList<Cid> pieces) => Block.Encode(pieces.Cast<object?>().ToList());

    /// <summary>A deal/offer from <paramref name="issuer"/> for the vector aggregate and pieces unless given.</summary>
    public static Delegation DealOffer(
        ISigner issuer,
        IReadOnlyList<Delegation> proofs,
        string? nonce = null,
        IReadOnlyList<Cid>? pieces = null,
        Cid? aggregate = null,
        string tenant = "tenant-1",
        string? label = null,
        string? with = null,
        bool attachPieces = true,
        string dealer = TestPrincipals.DealerDid)
    {
        var block = PiecesBlock(pieces ?? Vectors.Pieces());
        var nb = new DealCaveats(aggregate ?? Cid.Parse(Vectors.Aggregate), block.Cid, tenant, label);
        return Invocation.Invoke(new DelegationOptions(
            issuer,
            dealer,
            [new Capability(DealerCapabilities.DealOfferAbility, with ?? dealer, nb.ToIpld())])
        {
            Expiration = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 600,
            Nonce = nonce,
            Proofs = proofs,
            AttachedBlocks = attachPieces ? [block] : [],
        });
    }

    /// <summary>The dealer delegates deal/offer to the storefront.</summary>
    public static Delegation StorefrontProof(long? expiration = null, string ability = DealerCapabilities.DealOfferAbility, ISigner? dealer = null) =>
        Delegation.Delegate(new DelegationOptions(
            dealer ?? TestPrincipals.DealerSigner,
            TestPrincipals.StorefrontDid,
            [new Capability(ability, (dealer ?? TestPrincipals.DealerSigner).Did)])
        {
            Expiration = expiration,
        });
}
