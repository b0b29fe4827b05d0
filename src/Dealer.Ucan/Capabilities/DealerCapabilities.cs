using Dealer.Ucan.Delegations;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Principals;
using Dealer.Ucan.Results;
using Dealer.Ucan.Validation;

namespace Dealer.Ucan.Capabilities;

/// <summary>
/// Every capability the dealer serves, declared once with its typed caveats and ok value (as @web3-storage/capabilities
/// declares the w3filecoin ones in a package of their own); the service, the tests, the benchmarks and the fuzz targets
/// all use these. In every one <c>with</c> is a DID (the dealer's), and a delegation covers an invocation when
/// <c>with</c> is equal and every caveat it sets is equal (w3up's <c>equalWith</c>, <c>checkLink</c> and <c>equal</c>).
/// </summary>
public static class DealerCapabilities
{
    /// <summary>The ability a storefront invokes to offer an aggregate.</summary>
    public const string DealOfferAbility = "deal/offer";

    /// <summary>The ability the dealer invokes on itself once the deal's fate is known (the <c>fx.join</c> effect).</summary>
    public const string DealAddAbility = "deal/add";

    /// <summary>The name today's @web3-storage/capabilities gives <c>deal/offer</c>.</summary>
    public const string AggregateOfferAbility = "aggregate/offer";

    /// <summary>The name today's @web3-storage/capabilities gives <c>deal/add</c> (the <c>fx.join</c> of <c>aggregate/offer</c>).</summary>
    public const string AggregateAcceptAbility = "aggregate/accept";

    /// <summary>The deal-tracker ability of @storacha/capabilities (<c>filecoin/deal-tracker.js</c>).</summary>
    public const string DealInfoAbility = "deal/info";

    /// <summary>
    /// <c>deal/offer</c> (w3up's historical <c>deal/queue</c> with <c>storefront</c> renamed <c>tenant</c>):
    /// <c>nb {aggregate: PieceLink, pieces: &amp;dag-cbor v1, tenant: string, label?: string}</c>, ok <c>{aggregate}</c>.
    /// </summary>
    public static CapabilityDefinition<DealCaveats, OfferOk> DealOffer { get; } = Deal(DealOfferAbility, ok => ok.ToIpld(), OfferOk.FromIpld);

    /// <summary><c>deal/add</c>: the caveats of <c>deal/offer</c>; ok <c>{aggregate, dataSource: {dealID}}</c>.</summary>
    public static CapabilityDefinition<DealCaveats, DealReport> DealAdd { get; } =
        Deal(DealAddAbility, ok => ok.ToIpld(), DealReport.FromIpld);

    /// <summary>
    /// <c>aggregate/offer</c> (@web3-storage/capabilities <c>filecoin/dealer.js</c>): <c>nb {aggregate: PieceLink,
    /// pieces: &amp;v1}</c>, ok <c>{aggregate}</c>.
    /// </summary>
    public static CapabilityDefinition<AggregateCaveats, OfferOk> AggregateOffer { get; } =
        Aggregate(AggregateOfferAbility, Schema.Link(version: 1), ok => ok.ToIpld(), OfferOk.FromIpld);

    /// <summary>
    /// <c>aggregate/accept</c>: <c>nb {aggregate: PieceLink, pieces: &amp;any}</c>, ok <c>{aggregate, dataSource:
    /// {dealID}, dataType: 0}</c>.
    /// </summary>
    public static CapabilityDefinition<AggregateCaveats, DealReport> AggregateAccept { get; } =
        Aggregate(AggregateAcceptAbility, Schema.Link(), ok => ok.ToIpld(withDataType: true), DealReport.FromIpld);

    /// <summary><c>deal/info</c>: <c>nb {piece: PieceLink}</c>, ok <c>{deals: {"&lt;dealID&gt;": {provider}}}</c>.</summary>
    public static CapabilityDefinition<DealInfoCaveats, DealInfoOk> DealInfo { get; } = new(
        DealInfoAbility,
        Schema.Did(),
        Schema.Struct((DealInfoCaveats.PieceField, Schema.PieceLink())),
        DealInfoCaveats.Read,
        caveats => caveats.ToIpld(),
        ok => ok.ToIpld(),
        DealInfoOk.FromIpld,
        (claimed, delegated) => Derive.EqualWith(claimed, delegated) ?? Derive.EqualLink(claimed, delegated, DealInfoCaveats.PieceField));

    /// <summary>
    /// The dealer's self-issued <c>deal/add</c> for <paramref name="caveats"/>, built deterministically (issuer =
    /// audience = <c>with</c> = the dealer, <c>exp</c> null, no nonce, no proofs) so that the invocation run later has
    /// exactly the CID the <c>deal/offer</c> receipt promised in <c>fx.join</c>; Ed25519 signatures are deterministic,
    /// so building it twice gives the same bytes.
    /// </summary>
    public static Delegation DealAddInvocation(ISigner dealer, DealCaveats caveats) => SelfIssued(dealer, DealAdd, caveats);

    /// <summary>
    /// The dealer's self-issued <c>aggregate/accept</c>, built as @web3-storage/filecoin-api's dealer builds the effect
    /// of <c>aggregate/offer</c> (as <see cref="DealAddInvocation"/>), so its CID is the <c>fx.join</c> of the offer
    /// receipt, here and there alike.
    /// </summary>
    public static Delegation AggregateAcceptInvocation(ISigner dealer, AggregateCaveats caveats) => SelfIssued(dealer, AggregateAccept, caveats);

    private static Delegation SelfIssued<TCaveats>(ISigner dealer, CapabilityDefinition<TCaveats> capability, TCaveats caveats)
    {
        ArgumentNullException.ThrowIfNull(dealer);
        ArgumentNullException.ThrowIfNull(caveats);
        return Invocation.Invoke(new DelegationOptions(dealer, dealer.Did, [capability.Create(dealer.Did, caveats)]) { Expiration = null });
    }

    private static CapabilityDefinition<DealCaveats, TOk> Deal<TOk>(string can, Func<TOk, object?> writeOk, Func<object?, TOk?> readOk)
        where TOk : class => new(
        can,
        Schema.Did(),
        Schema.Struct(
            (DealCaveats.AggregateField, Schema.PieceLink()),
            (DealCaveats.PiecesField, Schema.Link(codec: Multicodec.DagCbor, version: 1)),
            (DealCaveats.TenantField, Schema.Text()),
            (DealCaveats.LabelField, Schema.Text().Optional())),
        DealCaveats.Read,
        caveats => caveats.ToIpld(),
        writeOk,
        readOk,
        DealDerives);

    private static CapabilityDefinition<AggregateCaveats, TOk> Aggregate<TOk>(string can, Schema pieces, Func<TOk, object?> writeOk,
        Func<object?, TOk?> readOk)
        where TOk : class => new(
        can,
        Schema.Did(),
        Schema.Struct((DealCaveats.AggregateField, Schema.PieceLink()), (DealCaveats.PiecesField, pieces)),
        AggregateCaveats.Read,
        caveats => caveats.ToIpld(),
        writeOk,
        readOk,
        AggregateDerives);

    private static Failure? DealDerives(ParsedCapability claimed, ParsedCapability delegated) =>
        AggregateDerives(claimed, delegated)
        ?? Derive.Equal(claimed, delegated, DealCaveats.TenantField)
        ?? Derive.Equal(claimed, delegated, DealCaveats.LabelField);

    private static Failure? AggregateDerives(ParsedCapability claimed, ParsedCapability delegated) =>
        Derive.EqualWith(claimed, delegated)
        ?? Derive.EqualLink(claimed, delegated, DealCaveats.AggregateField)
        ?? Derive.EqualLink(claimed, delegated, DealCaveats.PiecesField);
}
