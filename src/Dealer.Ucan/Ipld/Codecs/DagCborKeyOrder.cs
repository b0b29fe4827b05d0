using System.Text;

namespace Dealer.Ucan.Ipld.Codecs;

/// <summary>The DAG-CBOR map key order: shorter UTF-8 keys first, then bytewise.</summary>
internal static class DagCborKeyOrder
{
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);

    /// <summary>Orders two keys by their UTF-8 bytes. ASCII keys (all the protocol's) are compared as they are, since
    /// their UTF-8 is one byte per character; others are encoded first (a lone surrogate as U+FFFD).</summary>
    public static int Compare(string a, string b)
    {
        if (Ascii.IsValid(a) && Ascii.IsValid(b))
        {
            return a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b);
        }

        return Compare(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
    }
}
