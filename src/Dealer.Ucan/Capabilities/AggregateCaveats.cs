using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Capabilities;

/// <summary>The caveats of <c>aggregate/offer</c> and <c>aggregate/accept</c>: <c>{aggregate, pieces}</c>.</summary>
/// <param name="Aggregate">The aggregate's v2 piece CID.</param>
/// <param name="Pieces">The link to the block listing the aggregate's pieces.</param>
public sealed record AggregateCaveats(Cid Aggregate, Cid Pieces)
{
    /// <summary>The IPLD map.</summary>
    public IReadOnlyDictionary<string, object?> ToIpld() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        [DealCaveats.AggregateField] = Aggregate,
        [DealCaveats.PiecesField] = Pieces,
    };

    /// <summary>The caveats of a map the <c>nb</c> schema accepted.</summary>
    internal static AggregateCaveats Read(IReadOnlyDictionary<string, object?> nb) => new(
        CaveatFields.Link(nb, DealCaveats.AggregateField),
        CaveatFields.Link(nb, DealCaveats.PiecesField));
}
