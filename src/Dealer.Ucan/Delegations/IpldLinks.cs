using System.Text;
using Dealer.Ucan.Ipld;

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
    public static IEnumerable<string> SortedKeys(IEnumerable<string> keys) =>
        keys.Select(static k => (Key: k, Bytes: Encoding.UTF8.GetBytes(k)))
            .OrderBy(static k => k.Bytes.Length)
            .ThenBy(static k => k.Bytes, ByteComparer.Instance)
            .Select(static k => k.Key);

    private sealed class ByteComparer : IComparer<byte[]>
    {
        public static readonly ByteComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
