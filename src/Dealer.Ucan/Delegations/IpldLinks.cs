using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;

namespace Dealer.Ucan.Delegations;

/// <summary>Finds links in IPLD values in the order JavaScript walks a decoded DAG-CBOR object.</summary>
internal static class IpldLinks
{
    /// <summary>Every link in <paramref name="value"/>, depth first, map keys in DAG-CBOR order (length, then bytes) —
    /// the key order of an object decoded by @ipld/dag-cbor, which is what ucanto's <c>getLinksFromObject</c> walks.</summary>
    public static void Collect(object? value, List<Cid> links, int depth = 0)
    {
        if (depth > 256)
        {
            return;
        }

        switch (value)
        {
            case Cid cid:
                links.Add(cid);
                break;
            case string or byte[] or ReadOnlyMemory<byte>:
                break;
            case IReadOnlyDictionary<string, object?> map:
                foreach (var key in SortedKeys(map.Keys))
                {
                    Collect(map[key], links, depth + 1);
                }

                break;
            case IEnumerable<object?> list:
                foreach (var item in list)
                {
                    Collect(item, links, depth + 1);
                }

                break;
        }
    }

    /// <summary>The keys in DAG-CBOR canonical order: shorter UTF-8 first, then bytewise.</summary>
    public static string[] SortedKeys(IEnumerable<string> keys)
    {
        var sorted = keys.ToArray();
        if (sorted.Length > 1)
        {
            Array.Sort(sorted, DagCborKeyOrder.Compare);
        }

        return sorted;
    }
}
