namespace Dealer.Ucan.Ipld.DagCbor;

/// <summary>
/// The DAG-CBOR codec (multicodec 0x71) for the plain-CLR IPLD data model: null, <see cref="bool"/>, integers
/// (<see cref="long"/>, or <see cref="System.Numerics.BigInteger"/> beyond it, within ±2^64), <see cref="double"/>,
/// <see cref="string"/>, <see cref="byte"/> arrays, <see cref="Cid"/> links, lists and string-keyed maps.
/// </summary>
/// <remarks>
/// Encoding is canonical and byte-identical to JS <c>@ipld/dag-cbor</c> for the same data; decoding accepts only
/// canonical bytes. See https://ipld.io/specs/codecs/dag-cbor/spec/.
/// </remarks>
public static class DagCbor
{
    /// <summary>The dag-cbor multicodec code.</summary>
    public const ulong Code = 0x71;

    /// <summary>
    /// Encodes <paramref name="value"/>. Accepts, besides the decoded types, <see cref="int"/>, <see cref="uint"/>,
    /// <see cref="ulong"/>, <see cref="short"/>, <see cref="byte"/>, <see cref="float"/>,
    /// <see cref="ReadOnlyMemory{T}"/> of bytes, any string-keyed dictionary and any other enumerable as a list.
    /// </summary>
    /// <exception cref="ArgumentException">The value holds a NaN or infinite float, an integer outside ±2^64, a
    /// string with a lone surrogate, a non-string map key, an unsupported type, or nests deeper than 512 levels.</exception>
    public static byte[] Encode(object? value) => DagCborWriter.Encode(value);

    /// <summary>Decodes exactly one canonical DAG-CBOR value spanning all of <paramref name="data"/>.</summary>
    /// <returns>The value: maps as <see cref="Dictionary{TKey, TValue}"/> in canonical order, lists as
    /// <see cref="List{T}"/>, integers as <see cref="long"/> or, beyond its range, <see cref="System.Numerics.BigInteger"/>.</returns>
    /// <exception cref="DagCborException">The bytes are not canonical DAG-CBOR or exceed <paramref name="limits"/>.</exception>
    public static object? Decode(ReadOnlySpan<byte> data, DagCborLimits? limits = null) =>
        new DagCborReader(data, limits ?? DagCborLimits.Default).ReadDocument();
}
