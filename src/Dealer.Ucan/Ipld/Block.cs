using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Ipld;

/// <summary>An IPLD block: encoded bytes and the CID that names them.</summary>
/// <remarks>The bytes are not copied; whoever creates a block must not change them afterwards.</remarks>
public sealed class Block
{
    private Block(Cid cid, ReadOnlyMemory<byte> bytes)
    {
        Cid = cid;
        Bytes = bytes;
    }

    /// <summary>The CID of <see cref="Bytes"/>.</summary>
    public Cid Cid { get; }

    /// <summary>The encoded block.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Pairs a CID with bytes without checking the hash (see <see cref="Verify"/>).</summary>
    public static Block Create(Cid cid, ReadOnlyMemory<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(cid);
        return new Block(cid, bytes);
    }

    /// <summary>Encodes <paramref name="value"/> as DAG-CBOR and names it with a sha2-256 CIDv1 (<c>bafyrei…</c>).</summary>
    /// <exception cref="ArgumentException">The value cannot be encoded (see <see cref="DagCbor.Encode"/>).</exception>
    public static Block Encode(object? value)
    {
        var bytes = DagCbor.Encode(value);
        return new Block(Cid.Hash(Multicodec.DagCbor, bytes), bytes);
    }

    /// <summary>Decodes the DAG-CBOR bytes to the IPLD data model.</summary>
    /// <exception cref="DagCborException">The CID's codec is not dag-cbor, or the bytes are not canonical DAG-CBOR.</exception>
    public object? Decode(DagCborLimits? limits = null) => Cid.Codec == Multicodec.DagCbor
        ? DagCbor.Decode(Bytes, limits)
        : throw new DagCborException($"Block {Cid} has codec 0x{Cid.Codec:x}, not dag-cbor (0x71).");

    /// <summary>Whether the bytes hash to the CID; false for hash functions other than sha2-256 and identity.</summary>
    public bool Verify() => Cid.MultihashCode is Multicodec.Sha256 or Multicodec.Identity
        && Cid.HashMatches(Bytes.Span);

    /// <summary>The CID string.</summary>
    public override string ToString() => Cid.ToString();
}
