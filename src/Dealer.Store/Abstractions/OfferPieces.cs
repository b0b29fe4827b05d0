using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dealer.Ucan.Ipld;

namespace Dealer.Store.Abstractions;

/// <summary>
/// The ordered piece CIDs of an offer as Spade reads them: a compact UTF-8 JSON array of CID strings,
/// <c>["bafk…","bafk…"]</c>. An offer carries its pieces in one of three forms, each turned into the others only when
/// asked: the decoded CIDs of an accepted offer (<see cref="FromCids"/>: the JSON is written straight from the CIDs'
/// bytes, without a string per piece), the JSON read back from a store (<see cref="FromJson"/>: parsed only when a
/// piece is read), or strings (<see cref="FromStrings"/>). As a list it reads as the piece CID strings.
/// </summary>
public sealed class OfferPieces : IReadOnlyList<string>
{
    // Relaxed escaping keeps '+', '<', '>', '&' and non-ASCII text as they are, like JavaScript's JSON.stringify.
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly IReadOnlyList<Cid>? _cids;
    private byte[]? _json;
    private IReadOnlyList<string>? _strings;

    private OfferPieces(IReadOnlyList<Cid>? cids, byte[]? json, IReadOnlyList<string>? strings, ulong? paddedSize)
    {
        _cids = cids;
        _json = json;
        _strings = strings;
        PaddedSize = paddedSize;
    }

    /// <summary>
    /// The sum of the pieces' padded sizes in bytes when the offer's check computed it (<see cref="FromCids"/>), else
    /// null: read from the piece CIDs when needed.
    /// </summary>
    public ulong? PaddedSize { get; }

    /// <summary>The number of pieces.</summary>
    public int Count => _cids?.Count ?? Strings.Count;

    /// <summary>The piece CID string at <paramref name="index"/>.</summary>
    public string this[int index] => _cids is not null && _strings is null ? _cids[index].ToString() : Strings[index];

    /// <summary>
    /// The length in bytes of <see cref="WriteJson"/>'s output: for CIDs computed from their byte lengths, for strings
    /// from their JSON, built (once) first.
    /// </summary>
    public int JsonLength
    {
        get
        {
            if (_json is not null || _cids is null)
            {
                return Json.Length;
            }

            // '[' and ']', a comma between two pieces, and per piece its multibase string in quotes.
            var length = 2 + Math.Max(0, _cids.Count - 1);
            foreach (var cid in _cids)
            {
                length += 2 + cid.StringLength;
            }

            return length;
        }
    }

    /// <summary>The pieces as a list of their CID strings (formatted or parsed on first use, then kept).</summary>
    private IReadOnlyList<string> Strings => _strings ??= _cids is not null
        ? _cids.Select(cid => cid.ToString()).ToArray()
        : JsonSerializer.Deserialize(_json, OfferPiecesJson.Default.StringArray) ?? [];

    /// <summary>The compact JSON array as <see cref="WriteJson"/> writes it (built on first use, then kept).</summary>
    private byte[] Json => _json ??= BuildJson();

    /// <summary>
    /// The pieces of an accepted offer, from its decoded piece CIDs, with the sum of their padded sizes when known.
    /// The list is kept, not copied.
    /// </summary>
    public static OfferPieces FromCids(IReadOnlyList<Cid> cids, ulong? paddedSize = null)
    {
        ArgumentNullException.ThrowIfNull(cids);
        return new OfferPieces(cids, null, null, paddedSize);
    }

    /// <summary>
    /// The pieces stored as a JSON array of strings (kept, not copied). JSON written as <see cref="WriteJson"/> writes
    /// it is parsed only when a piece is read; any other JSON (whitespace, escapes) is parsed now.
    /// </summary>
    /// <exception cref="JsonException"><paramref name="json"/> is not a JSON array of strings.</exception>
    public static OfferPieces FromJson(byte[] json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return IsCompactUnescaped(json)
            ? new OfferPieces(null, json, null, null)
            : new OfferPieces(null, null, JsonSerializer.Deserialize(json, OfferPiecesJson.Default.StringArray) ?? [], null);
    }

    /// <summary>The pieces as strings (kept, not copied).</summary>
    public static OfferPieces FromStrings(IReadOnlyList<string> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        return new OfferPieces(null, null, pieces, null);
    }

    /// <summary><paramref name="pieces"/> as <see cref="OfferPieces"/>: itself when it is one, else its strings.</summary>
    public static OfferPieces Of(IReadOnlyList<string> pieces) => pieces as OfferPieces ?? FromStrings(pieces);

    /// <summary>
    /// Writes the compact JSON array of the piece strings (what <see cref="OfferJson"/> puts under <c>pieces</c>,
    /// escaped as JavaScript's <c>JSON.stringify</c> would) to the start of <paramref name="destination"/>, which must
    /// hold at least <see cref="JsonLength"/> bytes; returns the bytes written.
    /// </summary>
    public int WriteJson(Span<byte> destination)
    {
        if (_json is not null || _cids is null)
        {
            Json.CopyTo(destination);
            return Json.Length;
        }

        var at = 0;
        destination[at++] = (byte)'[';
        for (var i = 0; i < _cids.Count; i++)
        {
            if (i > 0)
            {
                destination[at++] = (byte)',';
            }

            destination[at++] = (byte)'"';
            at += _cids[i].WriteUtf8(destination[at..]);
            destination[at++] = (byte)'"';
        }

        destination[at++] = (byte)']';
        return at;
    }

    /// <summary>Whether these pieces are <paramref name="other"/>'s, in the same order (ordinal string comparison).</summary>
    public bool SequenceEqual(IReadOnlyList<string> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        // Without escapes in either, two lists are equal exactly when their JSON bytes are: CID strings never need
        // one, and stored JSON is kept as JSON only when it has none.
        if (other is OfferPieces pieces && HasUnescapedJson && pieces.HasUnescapedJson)
        {
            return JsonLength == pieces.JsonLength && Json.AsSpan().SequenceEqual(pieces.Json);
        }

        return Count == other.Count && Enumerable.SequenceEqual(this, other, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator() =>
        _cids is not null && _strings is null ? _cids.Select(cid => cid.ToString()).GetEnumerator() : Strings.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether the JSON is, or will be, written without an escape: from CIDs, or stored JSON kept as it is.</summary>
    private bool HasUnescapedJson => _cids is not null || (_json is not null && _strings is null);

    private byte[] BuildJson()
    {
        if (_cids is not null)
        {
            var json = new byte[JsonLength];
            WriteJson(json);
            return json;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var piece in _strings!)
            {
                writer.WriteStringValue(piece);
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Whether <paramref name="json"/> is printable ASCII with no space and no escape, so that it is compact and each
    /// string is its own bytes, exactly as the relaxed encoder writes such strings (CID strings are).
    /// </summary>
    private static bool IsCompactUnescaped(ReadOnlySpan<byte> json) =>
        json.IndexOfAnyExceptInRange((byte)'!', (byte)'~') < 0 && !json.Contains((byte)'\\');
}

/// <summary>Source-generated JSON for a pieces array.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class OfferPiecesJson : System.Text.Json.Serialization.JsonSerializerContext;
