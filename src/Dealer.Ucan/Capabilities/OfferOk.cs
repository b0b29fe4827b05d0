using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Capabilities;

/// <summary>The ok value of <c>deal/offer</c> and <c>aggregate/offer</c>: <c>{aggregate}</c>, the offered aggregate.</summary>
/// <param name="Aggregate">The aggregate's v2 piece CID.</param>
public sealed record OfferOk(Cid Aggregate)
{
    /// <summary>The IPLD form.</summary>
    public IReadOnlyDictionary<string, object?> ToIpld() =>
        new Dictionary<string, object?>(StringComparer.Ordinal) { [DealCaveats.AggregateField] = Aggregate };

    /// <summary>The value of an IPLD <c>{aggregate}</c>, or null.</summary>
    public static OfferOk? FromIpld(object? ok) =>
        ok is IReadOnlyDictionary<string, object?> map && map.GetValueOrDefault(DealCaveats.AggregateField) is Cid aggregate
            ? new OfferOk(aggregate)
            : null;
}
