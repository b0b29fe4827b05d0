using Dealer.Store.Abstractions;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Ipld;

namespace Dealer.Service.Capabilities;

/// <summary>
/// The caveats of the dealer's capabilities as its stores keep them: the <c>deal/offer</c> caveats of a stored offer
/// (to answer a re-offer with the first offer's effect) or of a deal-store row (to rebuild the <c>deal/add</c> the
/// cron runs), and the <c>aggregate/accept</c> caveats of either.
/// </summary>
internal static class StoredCaveats
{
    public static DealCaveats Of(OfferRecord offer) =>
        new(Cid.Parse(offer.Aggregate), Cid.Parse(offer.PiecesLink), offer.Tenant, offer.Label);

    public static DealCaveats Of(DealRecord deal) =>
        new(Cid.Parse(deal.Aggregate), Cid.Parse(deal.PiecesLink), deal.Tenant, deal.Label);

    public static AggregateCaveats AggregateOf(OfferRecord offer) => new(Cid.Parse(offer.Aggregate), Cid.Parse(offer.PiecesLink));

    public static AggregateCaveats AggregateOf(DealRecord deal) => new(Cid.Parse(deal.Aggregate), Cid.Parse(deal.PiecesLink));
}
