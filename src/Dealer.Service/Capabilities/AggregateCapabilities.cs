using Dealer.Ucan.Delegations;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Results;
using Dealer.Ucan.Tokens;
using Dealer.Ucan.Validation;

namespace Dealer.Service.Capabilities;

/// <summary>
/// <c>aggregate/offer</c> and <c>aggregate/accept</c>: the names today's @web3-storage/capabilities
/// (<c>filecoin/dealer.js</c>) gives the two steps this dealer also serves as <c>deal/offer</c> and <c>deal/add</c>, so
/// that @web3-storage/filecoin-client's <c>Dealer.aggregateOffer</c> and <c>Dealer.aggregateAccept</c> work against it.
/// Shapes as published: <c>with</c> a DID; <c>aggregate/offer</c> <c>nb {aggregate: PieceLink, pieces: &amp;v1}</c>,
/// <c>aggregate/accept</c> <c>nb {aggregate: PieceLink, pieces: &amp;any}</c>; a delegation covers an invocation when
/// <c>with</c> is equal and every link it sets is equal (w3up's <c>equalWith</c> and <c>checkLink</c>).
/// </summary>
public static class AggregateCapabilities
{
    /// <summary>The ability an aggregator or storefront invokes to offer an aggregate.</summary>
    public const string OfferAbility = "aggregate/offer";

    /// <summary>The ability that reports an offered aggregate's deal (the <c>fx.join</c> of <c>aggregate/offer</c>).</summary>
    public const string AcceptAbility = "aggregate/accept";

    /// <summary><c>aggregate/offer</c>.</summary>
    public static CapabilityDefinition Offer { get; } = new(OfferAbility, Schema.Did(), Schema.Struct(
        (DealNb.AggregateField, Schema.PieceLink()),
        (DealNb.PiecesField, Schema.Link(version: 1))), Derives);

    /// <summary><c>aggregate/accept</c>.</summary>
    public static CapabilityDefinition Accept { get; } = new(AcceptAbility, Schema.Did(), Schema.Struct(
        (DealNb.AggregateField, Schema.PieceLink()),
        (DealNb.PiecesField, Schema.Link())), Derives);

    /// <summary>
    /// The dealer's self-issued <c>aggregate/accept</c> for an offered aggregate, built as @web3-storage/filecoin-api's
    /// dealer builds the effect of <c>aggregate/offer</c> (issuer = audience = <c>with</c> = the dealer,
    /// <c>nb {aggregate, pieces}</c>, <c>exp</c> null, no nonce, no proofs), so its CID is the <c>fx.join</c> of the
    /// offer receipt, here and there alike, and the receipt the cron issues for it answers that effect.
    /// </summary>
    public static Delegation CreateAcceptInvocation(ISigner dealer, Cid aggregate, Cid pieces)
    {
        ArgumentNullException.ThrowIfNull(dealer);
        ArgumentNullException.ThrowIfNull(aggregate);
        ArgumentNullException.ThrowIfNull(pieces);
        return Invocation.Invoke(new DelegationOptions(
            dealer,
            dealer.Did,
            [new Capability(AcceptAbility, dealer.Did, new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                [DealNb.AggregateField] = aggregate,
                [DealNb.PiecesField] = pieces,
            })])
        {
            Expiration = null,
        });
    }

    private static Failure? Derives(ParsedCapability claimed, ParsedCapability delegated) =>
        Derive.EqualWith(claimed, delegated)
        ?? Derive.EqualLink(claimed, delegated, DealNb.AggregateField)
        ?? Derive.EqualLink(claimed, delegated, DealNb.PiecesField);
}
