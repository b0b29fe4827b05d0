using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Results;
using Dealer.Ucan.Validation;

namespace Dealer.Service.Capabilities;

/// <summary>
/// The dealer's two capabilities, with the shapes and derivation rules of the reference definitions (w3up's historical
/// <c>deal/queue</c>/<c>deal/add</c> with <c>storefront</c> renamed <c>tenant</c>):
/// <c>with</c> a DID (the dealer's), <c>nb {aggregate: PieceLink, pieces: &amp;dag-cbor v1, tenant: string, label?: string}</c>;
/// a delegation covers an invocation when <c>with</c> is equal and every caveat it sets is equal.
/// </summary>
public static class DealCapabilities
{
    /// <summary>The ability a storefront invokes to offer an aggregate.</summary>
    public const string OfferAbility = "deal/offer";

    /// <summary>The ability the dealer invokes on itself once the deal's fate is known (the <c>fx.join</c> effect).</summary>
    public const string AddAbility = "deal/add";

    /// <summary><c>deal/offer</c>.</summary>
    public static CapabilityDefinition Offer { get; } = new(OfferAbility, Schema.Did(), NbSchema(), Derives);

    /// <summary><c>deal/add</c>.</summary>
    public static CapabilityDefinition Add { get; } = new(AddAbility, Schema.Did(), NbSchema(), Derives);

    private static StructSchema NbSchema() => Schema.Struct(
        (DealNb.AggregateField, Schema.PieceLink()),
        (DealNb.PiecesField, Schema.Link(codec: Multicodec.DagCbor, version: 1)),
        (DealNb.TenantField, Schema.Text()),
        (DealNb.LabelField, Schema.Text().Optional()));

    private static Failure? Derives(ParsedCapability claimed, ParsedCapability delegated) =>
        Derive.EqualWith(claimed, delegated)
        ?? Derive.EqualLink(claimed, delegated, DealNb.AggregateField)
        ?? Derive.EqualLink(claimed, delegated, DealNb.PiecesField)
        ?? Derive.Equal(claimed, delegated, DealNb.TenantField)
        ?? Derive.Equal(claimed, delegated, DealNb.LabelField);
}
