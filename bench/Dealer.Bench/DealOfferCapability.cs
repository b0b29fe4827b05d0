using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Results;
using Dealer.Ucan.Validation;

namespace Dealer.Bench;

/// <summary>
/// The <c>deal/offer</c> and <c>deal/add</c> capabilities exactly as the protocol's lib/caps.mjs defines them (the
/// bench cannot reference the test project's copy, so the definition is repeated here).
/// </summary>
internal static class DealOfferCapability
{
    public static StructSchema NbSchema { get; } = Schema.Struct(
        ("aggregate", Schema.PieceLink()),
        ("pieces", Schema.Link(Multicodec.DagCbor, 1)),
        ("tenant", Schema.Text()),
        ("label", Schema.Text().Optional()));

    public static CapabilityDefinition Offer { get; } = new("deal/offer", Schema.Did(), NbSchema, Derives);

    /// <summary>equalWith, checkLink(aggregate), checkLink(pieces), equal(tenant), equal(label).</summary>
    public static Failure? Derives(ParsedCapability claimed, ParsedCapability delegated) =>
        Derive.EqualWith(claimed, delegated)
        ?? Derive.EqualLink(claimed, delegated, "aggregate")
        ?? Derive.EqualLink(claimed, delegated, "pieces")
        ?? Derive.Equal(claimed, delegated, "tenant")
        ?? Derive.Equal(claimed, delegated, "label");
}
