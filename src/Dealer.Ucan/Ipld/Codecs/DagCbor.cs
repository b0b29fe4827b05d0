namespace Dealer.Ucan.Ipld.Codecs;

/// <summary>
/// The DAG-CBOR codec (multicodec 0x71) for the plain-CLR IPLD data model: null, <see cref="bool"/>, integers
/// (<see cref="long"/>, or <see cref="System.Numerics.BigInteger"/> beyond it, within ±2^64), <see cref="double"/>,
/// <see cref="string"/>, <see cref="byte"/> arrays, <see cref="Cid"/> links, lists and string-keyed maps.
/// </summary>
/// <remarks>
/// <para>
/// Encoding is canonical and byte-identical to JS <c>@ipld/dag-cbor</c> for the same data; decoding accepts only
/// canonical bytes. See https://ipld.io/specs/codecs/dag-cbor/spec/.
/// </para>
/// <para>
/// System.Formats.Cbor reads and writes the CBOR itself, in its lax conformance mode; this codec layers the DAG-CBOR
/// rules on top. When decoding it classifies every item with the reader's state (rejecting indefinite lengths,
/// half- and single-precision floats, NaN and infinities, undefined and other simple values, tags other than 42),
/// measures each head through the bytes the reader consumed (rejecting any head longer than the shortest form),
/// compares each map key's UTF-8 bytes with the previous key (length first, then bytewise, no duplicates), validates
/// UTF-8, checks <see cref="DagCborLimits"/> before allocating, and requires the value to span the whole input.
/// When encoding it sorts map keys, refuses what has no DAG-CBOR form, and keeps every float in its 64-bit form,
/// which the library's writer would otherwise shorten.
/// </para>
/// </remarks>
public static class DagCbor
{
    /// <summary>
    /// Encodes <paramref name="value"/>. Accepts, besides the decoded types, <see cref="int"/>, <see cref="uint"/>,
    /// <see cref="ulong"/>, <see cref="short"/>, <see cref="byte"/>, <see cref="float"/>,
    /// <see cref="ReadOnlyMemory{T}"/> of bytes, any string-keyed dictionary and any other enumerable as a list.
    /// </summary>
    /// <exception cref="ArgumentException">The value holds a NaN or infinite float, an integer outside ±2^64, a
    /// string with a lone surrogate, a non-string map key, an unsupported type, or nests deeper than 512 levels.</exception>
    public static byte[] Encode(object? value) => DagCborWriter.Encode(value);

    /// <summary>
    /// Encodes <paramref name="value"/> and hands back, in <paramref name="decoded"/>, what
    /// <see cref="Decode(byte[], DagCborLimits?)"/> would return for the bytes, built while encoding: for code that
    /// needs both the bytes and a view of them without parsing what it has just written.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Encode"/>.</exception>
    internal static byte[] EncodeAndDecode(object? value, out object? decoded) => DagCborWriter.EncodeAndDecode(value, out decoded);

    /// <summary>Encodes a map whose values are already DAG-CBOR items, splicing their bytes in unchanged; the keys
    /// must be distinct and in DAG-CBOR order.</summary>
    /// <exception cref="ArgumentException">The keys are out of order.</exception>
    internal static byte[] EncodeMap(ReadOnlySpan<KeyValuePair<string, ReadOnlyMemory<byte>>> entries) => DagCborWriter.EncodeMap(entries);

    /// <summary>Decodes exactly one canonical DAG-CBOR value spanning all of <paramref name="data"/>.</summary>
    /// <remarks>The span is copied once, since the underlying reader works on memory; prefer the
    /// <see cref="ReadOnlyMemory{T}"/> or array overload when the bytes are already held that way.</remarks>
    /// <returns>The value: maps as <see cref="Dictionary{TKey, TValue}"/> in canonical order, lists as
    /// <see cref="List{T}"/>, integers as <see cref="long"/> or, beyond its range, <see cref="System.Numerics.BigInteger"/>.</returns>
    /// <exception cref="DagCborException">The bytes are not canonical DAG-CBOR or exceed <paramref name="limits"/>.</exception>
    public static object? Decode(ReadOnlySpan<byte> data, DagCborLimits? limits = null) =>
        Decode(new ReadOnlyMemory<byte>(data.ToArray()), limits);

    /// <summary>Decodes exactly one canonical DAG-CBOR value spanning all of <paramref name="data"/>, without copying
    /// the input.</summary>
    /// <returns>The value, as for <see cref="Decode(ReadOnlySpan{byte}, DagCborLimits?)"/>; byte strings in it are
    /// copies, so the input may be reused afterwards.</returns>
    /// <exception cref="DagCborException">The bytes are not canonical DAG-CBOR or exceed <paramref name="limits"/>.</exception>
    public static object? Decode(ReadOnlyMemory<byte> data, DagCborLimits? limits = null) =>
        new DagCborReader(data, limits ?? DagCborLimits.Default).ReadDocument();

    /// <summary>Decodes exactly one canonical DAG-CBOR value spanning all of <paramref name="data"/>, without copying
    /// the input.</summary>
    /// <returns>The value, as for <see cref="Decode(ReadOnlySpan{byte}, DagCborLimits?)"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="DagCborException">The bytes are not canonical DAG-CBOR or exceed <paramref name="limits"/>.</exception>
    public static object? Decode(byte[] data, DagCborLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Decode(new ReadOnlyMemory<byte>(data), limits);
    }
}
