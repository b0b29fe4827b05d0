using System.Formats.Cbor;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Dealer.Ucan.Ipld.Codecs;

/// <summary>
/// Strict DAG-CBOR decoder: System.Formats.Cbor's <see cref="CborReader"/> parses the CBOR, and this layer rejects
/// everything that is well-formed CBOR but not the canonical encoding of an IPLD value: indefinite lengths,
/// non-minimal heads, tags other than 42, simple values other than true/false/null, floats that are not 64-bit or not
/// finite, non-string, unsorted or duplicate map keys, invalid UTF-8 and trailing bytes.
/// </summary>
/// <remarks>
/// <para>
/// The reader runs in <see cref="CborConformanceMode.Lax"/> mode, which checks well-formedness only (truncation,
/// reserved additional information, stray break codes, declared lengths beyond the input). The stricter modes do not
/// fit DAG-CBOR: <see cref="CborConformanceMode.Strict"/> reports a duplicate key with its own message as the key is
/// read, before it can be compared with its predecessor; <see cref="CborConformanceMode.Canonical"/> checks minimal
/// heads, definite lengths and the length-first key order (the DAG-CBOR order for string keys), but its messages name
/// neither the value nor the key at fault, and it still accepts half- and single-precision floats, undefined,
/// non-string keys and any tag, so each item needs a pass of our own regardless.
/// </para>
/// <para>
/// The rules the library does not know are checked with its own API: <see cref="CborReader.PeekState"/> classifies
/// each item (float widths, simple values, indefinite lengths, tags), the drop in
/// <see cref="CborReader.BytesRemaining"/> across a read gives the length of the item's head, which must be the
/// shortest one for its argument, and map keys are read as UTF-8 slices of the input with
/// <see cref="CborReader.ReadDefiniteLengthTextStringBytes"/> and compared with the previous key. When the library
/// rejects an item, <see cref="DagCborMalformation"/> looks at that item's head only to word the error in the same
/// terms as the other rules (for instance the declared length that exceeds the input).
/// </para>
/// <para>
/// Nesting is the one piece of structure this layer tracks in place of the library: <see cref="CborReader"/> refuses
/// input nested deeper than 64 levels, a bound fixed per process by the
/// <c>System.Formats.Cbor.CborReader.MaxDepth</c> AppContext switch and read once, whereas
/// <see cref="DagCborLimits.MaxDepth"/> goes up to <see cref="DagCborLimits.DepthCeiling"/> per call. So right after
/// the library has read (and bounded by the input) the head of a list or map, the reader is reset to the next byte
/// with multiple root-level values allowed, and the entries are read as a sequence of root-level values whose count
/// this layer keeps, as it has to for the depth, item and key-order rules anyway. For the same reason the check that
/// nothing follows the top-level value is ours.
/// </para>
/// <para>See https://ipld.io/specs/codecs/dag-cbor/spec/.</para>
/// </remarks>
internal sealed class DagCborReader
{
    // Strings the protocol's blocks repeat (UCAN, receipt, message and caveat keys, the UCAN version, the abilities):
    // a text string equal to one of these is given as this one instance, not decoded into a new string each time.
    private static readonly string[][] KnownStrings = ByLength(
    [
        "v", "s", "nb", "fx", "ok", "iss", "aud", "att", "exp", "nbf", "nnc", "fct", "prf", "can", "ocm", "sig", "ran", "out",
        "with", "fork", "join", "meta", "name", "link", "deal", "error", "roots", "deals", "label", "piece", "tenant",
        "pieces", "dealID", "report", "message", "version", "execute", "dataType", "provider", "aggregate", "dataSource",
        "0.9.1", "deal/add", "deal/info", "deal/offer", "aggregate/offer", "aggregate/accept", "ucanto/message@7.0.0",
    ]);

    private readonly ReadOnlyMemory<byte> _data;
    private readonly CborReader _reader;
    private readonly DagCborLimits _limits;
    private int _itemsLeft;

    // Where the item being read starts; a failure reported by the library belongs to this item.
    private int _itemStart;

    public DagCborReader(ReadOnlyMemory<byte> data, DagCborLimits limits)
    {
        _data = data;
        _reader = new CborReader(data, CborConformanceMode.Lax, allowMultipleRootLevelValues: true);
        _limits = limits;
        _itemsLeft = limits.MaxTotalItems;
    }

    private int Offset => _data.Length - _reader.BytesRemaining;

    public object? ReadDocument()
    {
        if (_data.IsEmpty)
        {
            throw Fail("Unexpected end of data: the input is empty", 0);
        }

        object? value;
        try
        {
            value = ReadValue(0);
        }
        catch (CborContentException e)
        {
            throw Malformed(e);
        }
        catch (InvalidOperationException e)
        {
            // The reader's answer to a head it cannot read as the peeked kind, e.g. reserved simple values 28-30.
            throw Malformed(e);
        }

        if (_reader.BytesRemaining != 0)
        {
            throw Fail($"{_reader.BytesRemaining} trailing byte(s) after the DAG-CBOR value", Offset);
        }

        return value;
    }

    private object? ReadValue(int depth)
    {
        CountItem();
        var start = BeginItem();
        switch (_reader.PeekState())
        {
            case CborReaderState.UnsignedInteger:
                {
                    var value = _reader.ReadUInt64();
                    RequireMinimalHead(value, Offset - start, start);
                    return value <= long.MaxValue ? (object)(long)value : new BigInteger(value);
                }

            case CborReaderState.NegativeInteger:
                {
                    var value = _reader.ReadCborNegativeIntegerRepresentation();
                    RequireMinimalHead(value, Offset - start, start);
                    return value <= long.MaxValue ? (object)(-1L - (long)value) : BigInteger.MinusOne - value;
                }

            case CborReaderState.ByteString:
                return ReadByteString(start).ToArray();
            case CborReaderState.TextString:
                return DecodeText(ReadTextString(start).Span, start);
            case CborReaderState.StartIndefiniteLengthByteString:
                throw Fail("Indefinite-length byte strings are not allowed in DAG-CBOR", start);
            case CborReaderState.StartIndefiniteLengthTextString:
                throw Fail("Indefinite-length text strings are not allowed in DAG-CBOR", start);
            case CborReaderState.StartArray:
                return ReadList(depth, start);
            case CborReaderState.StartMap:
                return ReadMap(depth, start);
            case CborReaderState.Tag:
                return ReadLink(start);
            case CborReaderState.Boolean:
                return _reader.ReadBoolean();
            case CborReaderState.Null:
                _reader.ReadNull();
                return null;
            case CborReaderState.DoublePrecisionFloat:
                return ReadDouble(start);
            case CborReaderState.HalfPrecisionFloat:
                throw Fail("Half-precision floats are not allowed; DAG-CBOR requires 64-bit floats", start);
            case CborReaderState.SinglePrecisionFloat:
                throw Fail("Single-precision floats are not allowed; DAG-CBOR requires 64-bit floats", start);
            case CborReaderState.SimpleValue:
                throw SimpleValueNotAllowed(start);
            case CborReaderState.Finished:
                throw Fail("Unexpected end of data", start);
            case var state:
                // Only reachable if the reader and this layer disagree about where an item starts.
                throw Fail($"Unexpected CBOR reader state {state}", start);
        }
    }

    private double ReadDouble(int start)
    {
        var value = _reader.ReadDouble();
        if (double.IsNaN(value))
        {
            throw Fail("NaN is not allowed in DAG-CBOR", start);
        }

        if (double.IsInfinity(value))
        {
            throw Fail($"{(value > 0 ? "Infinity" : "-Infinity")} is not allowed in DAG-CBOR", start);
        }

        return value;
    }

    /// <summary>Words the rejection of a simple value: the reader reports undefined, the two-byte forms (even of
    /// true, false and null) and unassigned values all as <see cref="CborReaderState.SimpleValue"/>.</summary>
    private DagCborException SimpleValueNotAllowed(int start)
    {
        var value = (int)_reader.ReadSimpleValue();
        return value == (int)CborSimpleValue.Undefined && Offset - start == 1
            ? Fail("undefined is not allowed in DAG-CBOR", start)
            : Fail($"Simple value {value} is not allowed; DAG-CBOR only allows true, false and null", start);
    }

    private List<object?> ReadList(int depth, int start)
    {
        var length = _reader.ReadStartArray() ?? throw Fail("Indefinite-length lists are not allowed in DAG-CBOR", start);
        CheckCollectionHead(length, start, 1, "list");
        depth = Enter(depth, start);
        Reroot();

        // Sized from the head: the length is checked against the remaining input (an entry takes at least a byte) and
        // the collection limit, so the list holds no more slots than a whole decode would grow it to, and a large one
        // (a 1 MiB pieces block: 23,400 links) is allocated once instead of doubling through a dozen arrays.
        var list = new List<object?>(length);
        for (var i = 0; i < length; i++)
        {
            list.Add(ReadValue(depth));
        }

        return list;
    }

    private Dictionary<string, object?> ReadMap(int depth, int start)
    {
        var length = _reader.ReadStartMap() ?? throw Fail("Indefinite-length maps are not allowed in DAG-CBOR", start);
        CheckCollectionHead(length, start, 2, "map");
        depth = Enter(depth, start);
        Reroot();
        var map = new Dictionary<string, object?>(Math.Min(length, 16), StringComparer.Ordinal);
        var previous = ReadOnlyMemory<byte>.Empty;
        for (var i = 0; i < length; i++)
        {
            CountItem();
            var keyStart = BeginItem();
            var state = _reader.PeekState();
            if (state == CborReaderState.Finished)
            {
                throw Fail("Unexpected end of data", keyStart);
            }

            if (state == CborReaderState.StartIndefiniteLengthTextString)
            {
                throw Fail("Indefinite-length text strings are not allowed in DAG-CBOR", keyStart);
            }

            if (state != CborReaderState.TextString)
            {
                throw Fail($"Map keys must be text strings, found major type {MajorType(state)}", keyStart);
            }

            var key = ReadTextString(keyStart);
            if (i > 0)
            {
                var order = DagCborKeyOrder.Compare(previous.Span, key.Span);
                if (order == 0)
                {
                    throw Fail($"Duplicate map key \"{DecodeUtf8(key.Span, keyStart)}\"", keyStart);
                }

                if (order > 0)
                {
                    throw Fail(
                        $"Map keys are not in DAG-CBOR order (length first, then bytewise): \"{DecodeUtf8(key.Span, keyStart)}\" follows \"{DecodeUtf8(previous.Span, keyStart)}\"",
                        keyStart);
                }
            }

            previous = key;
            map.Add(DecodeText(key.Span, keyStart), ReadValue(depth));
        }

        return map;
    }

    private Cid ReadLink(int start)
    {
        var tag = (ulong)_reader.ReadTag();
        RequireMinimalHead(tag, Offset - start, start);
        if (tag != 42)
        {
            throw Fail($"Tag {tag} is not allowed; DAG-CBOR only allows tag 42 (links)", start);
        }

        var contentStart = BeginItem();
        var state = _reader.PeekState();
        if (state == CborReaderState.Finished)
        {
            throw Fail("Unexpected end of data", contentStart);
        }

        if (state == CborReaderState.StartIndefiniteLengthByteString)
        {
            throw Fail("Indefinite-length byte strings are not allowed in DAG-CBOR", contentStart);
        }

        if (state != CborReaderState.ByteString)
        {
            throw Fail($"Tag 42 must wrap a byte string, found major type {MajorType(state)}", start);
        }

        var bytes = ReadByteString(contentStart).Span;
        if (bytes.IsEmpty || bytes[0] != 0x00)
        {
            throw Fail("Tag 42 link bytes must start with the 0x00 multibase prefix", start);
        }

        try
        {
            return Cid.Read(bytes[1..]);
        }
        catch (FormatException e)
        {
            throw new DagCborException($"Tag 42 does not contain a valid CID: {e.Message} (at byte {start})", e);
        }
    }

    /// <summary>Reads a byte string as a slice of the input; the caller copies it if it keeps it.</summary>
    private ReadOnlyMemory<byte> ReadByteString(int start)
    {
        var bytes = _reader.ReadDefiniteLengthByteString();
        CheckStringHead(bytes.Length, start, _limits.MaxBytesLength, "byte string");
        return bytes;
    }

    /// <summary>Reads a text string's UTF-8 bytes as a slice of the input, not yet validated.</summary>
    private ReadOnlyMemory<byte> ReadTextString(int start)
    {
        var utf8 = _reader.ReadDefiniteLengthTextStringBytes();
        CheckStringHead(utf8.Length, start, _limits.MaxStringLength, "text string");
        return utf8;
    }

    /// <summary>The string of <paramref name="utf8"/>: a known one as it is, any other decoded.</summary>
    private static string DecodeText(ReadOnlySpan<byte> utf8, int start)
    {
        if (utf8.Length < KnownStrings.Length)
        {
            foreach (var known in KnownStrings[utf8.Length])
            {
                if (Ascii.Equals(utf8, known))
                {
                    return known;
                }
            }
        }

        return DecodeUtf8(utf8, start);
    }

    /// <summary>The known strings by their length (all ASCII, so characters are bytes), up to the longest.</summary>
    private static string[][] ByLength(string[] strings)
    {
        var table = new string[strings.Max(static s => s.Length) + 1][];
        for (var length = 0; length < table.Length; length++)
        {
            table[length] = strings.Where(s => s.Length == length).ToArray();
        }

        return table;
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> utf8, int start) => Utf8.IsValid(utf8)
        ? Encoding.UTF8.GetString(utf8)
        : throw Fail("Text string is not valid UTF-8", start);

    /// <summary>Checks the head of a string just read: the library has already bounded it by the input.</summary>
    private void CheckStringHead(int length, int start, int limit, string what)
    {
        RequireMinimalHead((ulong)length, Offset - start - length, start);
        if (length > limit)
        {
            throw Exceeded($"Declared {what} length {length} exceeds the limit of {limit}", start, InputLimit.StringLength, limit);
        }
    }

    /// <summary>Checks the head of a list or map just opened, before anything is allocated for its entries.</summary>
    private void CheckCollectionHead(int length, int start, int minBytesPerEntry, string what)
    {
        RequireMinimalHead((ulong)length, Offset - start, start);

        // The library bounds declared lengths by the input too; this keeps the guarantee independent of it.
        var remaining = _reader.BytesRemaining;
        if (length > remaining / minBytesPerEntry)
        {
            throw Fail($"Declared {what} length {length} exceeds the remaining {remaining} byte(s) of input", start);
        }

        if (length > _limits.MaxCollectionLength)
        {
            throw Exceeded($"Declared {what} length {length} exceeds the limit of {_limits.MaxCollectionLength}", start,
                InputLimit.CollectionLength, _limits.MaxCollectionLength);
        }
    }

    /// <summary>Rejects a head longer than the shortest one that holds <paramref name="argument"/>.</summary>
    private static void RequireMinimalHead(ulong argument, int headLength, int start)
    {
        if (headLength != MinimalHeadLength(argument))
        {
            throw Fail($"Integer or length {argument} is not minimally encoded", start);
        }
    }

    /// <summary>The length of the shortest head (initial byte and argument) that holds <paramref name="argument"/>.</summary>
    internal static int MinimalHeadLength(ulong argument) => argument switch
    {
        < 24 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        <= uint.MaxValue => 5,
        _ => 9,
    };

    private static int MajorType(CborReaderState state) => state switch
    {
        CborReaderState.UnsignedInteger => 0,
        CborReaderState.NegativeInteger => 1,
        CborReaderState.ByteString or CborReaderState.StartIndefiniteLengthByteString => 2,
        CborReaderState.TextString or CborReaderState.StartIndefiniteLengthTextString => 3,
        CborReaderState.StartArray => 4,
        CborReaderState.StartMap => 5,
        CborReaderState.Tag => 6,
        _ => 7,
    };

    private int Enter(int depth, int start)
    {
        if (depth >= _limits.MaxDepth)
        {
            throw Exceeded($"Nesting depth exceeds the limit of {_limits.MaxDepth}", start, InputLimit.Depth, _limits.MaxDepth);
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        return depth + 1;
    }

    private void CountItem()
    {
        if (--_itemsLeft < 0)
        {
            throw Exceeded($"The input holds more than {_limits.MaxTotalItems} data items", Offset, InputLimit.Items, _limits.MaxTotalItems);
        }
    }

    private int BeginItem() => _itemStart = Offset;

    /// <summary>
    /// Hands the entries of the list or map just opened to the reader as a sequence of root-level values, so that
    /// the library never holds more than one level of nesting (see the remarks on this type).
    /// </summary>
    private void Reroot() => _reader.Reset(_data[Offset..]);

    private DagCborException Malformed(Exception libraryError)
    {
        var (message, offset) = DagCborMalformation.Describe(_data.Span, _itemStart, libraryError);
        return new DagCborException($"{message} (at byte {offset}).", libraryError);
    }

    private static DagCborException Fail(string message, int offset) => new($"{message} (at byte {offset}).");

    private static DagCborException Exceeded(string message, int offset, string limit, long maximum) =>
        new($"{message} (at byte {offset}).") { Limit = new InputLimit(limit, maximum) };
}
