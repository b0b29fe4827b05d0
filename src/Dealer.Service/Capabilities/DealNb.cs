using Dealer.Store.Abstractions;
using Dealer.Ucan.Ipld;

namespace Dealer.Service.Capabilities;

/// <summary>The caveats shared by <c>deal/offer</c> and <c>deal/add</c>.</summary>
/// <param name="Aggregate">The aggregate's v2 piece CID.</param>
/// <param name="Pieces">The link to the DAG-CBOR block listing the aggregate's piece CIDs in order.</param>
/// <param name="Tenant">Who the deal is made for (the wallet/client selector on the broker side).</param>
/// <param name="Label">The optional on-chain deal label.</param>
public sealed record DealNb(Cid Aggregate, Cid Pieces, string Tenant, string? Label)
{
    /// <summary>The <c>nb.aggregate</c> key.</summary>
    public const string AggregateField = "aggregate";

    /// <summary>The <c>nb.pieces</c> key.</summary>
    public const string PiecesField = "pieces";

    /// <summary>The <c>nb.tenant</c> key.</summary>
    public const string TenantField = "tenant";

    /// <summary>The <c>nb.label</c> key.</summary>
    public const string LabelField = "label";

    /// <summary>The DAG-CBOR multicodec, the codec of the <c>nb.pieces</c> block.</summary>
    public const ulong DagCborCode = 0x71;

    /// <summary>Reads caveats already checked by the capability schema.</summary>
    /// <exception cref="FormatException">A field is missing or has the wrong type.</exception>
    public static DealNb FromIpld(IReadOnlyDictionary<string, object?> nb)
    {
        ArgumentNullException.ThrowIfNull(nb);
        return new DealNb(
            nb.GetValueOrDefault(AggregateField) as Cid ?? throw new FormatException("nb.aggregate must be a link."),
            nb.GetValueOrDefault(PiecesField) as Cid ?? throw new FormatException("nb.pieces must be a link."),
            nb.GetValueOrDefault(TenantField) as string ?? throw new FormatException("nb.tenant must be a string."),
            nb.GetValueOrDefault(LabelField) as string);
    }

    /// <summary>The caveats of a stored offer (to answer a re-offer with the first offer's effect).</summary>
    public static DealNb FromOffer(OfferRecord offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return new DealNb(Cid.Parse(offer.Aggregate), Cid.Parse(offer.PiecesLink), offer.Tenant, offer.Label);
    }

    /// <summary>The caveats of a deal-store row (to rebuild the <c>deal/add</c> invocation in the cron).</summary>
    public static DealNb FromDeal(DealRecord deal)
    {
        ArgumentNullException.ThrowIfNull(deal);
        return new DealNb(Cid.Parse(deal.Aggregate), Cid.Parse(deal.PiecesLink), deal.Tenant, deal.Label);
    }

    /// <summary>The IPLD map (the label only when present, as JavaScript leaves an undefined key out).</summary>
    public IReadOnlyDictionary<string, object?> ToIpld()
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [AggregateField] = Aggregate,
            [PiecesField] = Pieces,
            [TenantField] = Tenant,
        };
        if (Label is not null)
        {
            map[LabelField] = Label;
        }

        return map;
    }
}
