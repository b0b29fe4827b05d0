using System.Globalization;

namespace Dealer.Ucan.Capabilities;

/// <summary>
/// The ok value of <c>deal/info</c>: <c>{deals: {"&lt;dealID&gt;": {provider}}}</c>, every deal known for the piece (a
/// deal and its renewals); empty while there is none.
/// </summary>
/// <param name="Deals">The deals, by id.</param>
public sealed record DealInfoOk(IReadOnlyList<DealInfoOk.Deal> Deals)
{
    /// <summary>The <c>deals</c> key.</summary>
    public const string DealsField = "deals";

    /// <summary>The <c>provider</c> key of a deal.</summary>
    public const string ProviderField = "provider";

    /// <summary>The IPLD form.</summary>
    public IReadOnlyDictionary<string, object?> ToIpld()
    {
        var deals = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var deal in Deals)
        {
            deals[deal.DealId.ToString(CultureInfo.InvariantCulture)] =
                new Dictionary<string, object?>(StringComparer.Ordinal) { [ProviderField] = deal.Provider };
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal) { [DealsField] = deals };
    }

    /// <summary>
    /// The value of an IPLD <c>{deals}</c> (a missing <c>deals</c> is none, a missing provider empty), or null when it
    /// is not a map, <c>deals</c> is not a map or a deal id is not a number.
    /// </summary>
    public static DealInfoOk? FromIpld(object? ok)
    {
        if (ok is not IReadOnlyDictionary<string, object?> map)
        {
            return null;
        }

        var value = map.GetValueOrDefault(DealsField);
        if (value is not null and not IReadOnlyDictionary<string, object?>)
        {
            return null;
        }

        var found = new List<Deal>();
        foreach (var (key, details) in value as IReadOnlyDictionary<string, object?> ?? new Dictionary<string, object?>())
        {
            if (!long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return null;
            }

            var provider = details is IReadOnlyDictionary<string, object?> entry ? entry.GetValueOrDefault(ProviderField) as string : null;
            found.Add(new Deal(id, provider ?? ""));
        }

        return new DealInfoOk(found);
    }

    /// <summary>One deal.</summary>
    /// <param name="DealId">The deal's id on chain.</param>
    /// <param name="Provider">The storage provider.</param>
    public sealed record Deal(long DealId, string Provider);
}
