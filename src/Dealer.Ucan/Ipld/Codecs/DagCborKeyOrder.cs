namespace Dealer.Ucan.Ipld.Codecs;

/// <summary>The DAG-CBOR map key order: shorter UTF-8 keys first, then bytewise.</summary>
internal static class DagCborKeyOrder
{
    public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
}
