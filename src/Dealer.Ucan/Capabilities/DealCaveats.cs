using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Capabilities;

/// <summary>The caveats of <c>deal/offer</c> and <c>deal/add</c>.</summary>
/// <param name="Aggregate">The aggregate's v2 piece CID.</param>
/// <param name="Pieces">The link to the DAG-CBOR block listing the aggregate's piece CIDs in order.</param>
/// <param name="Tenant">Who the deal is made for (the wallet/client selector on the broker side).</param>
/// <param name="Label">The optional on-chain deal label.</param>
public sealed record DealCaveats(Cid Aggregate, Cid Pieces, string Tenant, string? Label)
{
    /// <summary>The <c>nb.aggregate</c> key.</summary>
    public const string AggregateField = "aggregate";

    /// <summary>The <c>nb.pieces</c> key.</summary>
    public const string PiecesField = "pieces";

    /// <summary>The <c>nb.tenant</c> key.</summary>
    public const string TenantField = "tenant";

    /// <summary>The <c>nb.label</c> key.</summary>
    public const string LabelField = "label";

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

    /// <summary>The caveats of a map the <c>nb</c> schema of <see cref="DealerCapabilities.DealOffer"/> accepted.</summary>
    internal static DealCaveats Read(IReadOnlyDictionary<string, object?> nb) => new(
        CaveatFields.Link(nb, AggregateField),
        CaveatFields.Link(nb, PiecesField),
        CaveatFields.Text(nb, TenantField),
        CaveatFields.OptionalText(nb, LabelField));
}
