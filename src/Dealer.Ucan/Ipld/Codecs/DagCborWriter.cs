using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Formats.Cbor;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Dealer.Ucan.Ipld.Codecs;

/// <summary>
/// Canonical DAG-CBOR encoder: minimal integer and length heads, definite lengths only, map keys sorted by UTF-8
/// length then bytewise, links as tag 42 over <c>0x00 ‖ CID</c>, floats always 64-bit.
/// </summary>
/// <remarks>
/// <para>
/// System.Formats.Cbor's <see cref="CborWriter"/> writes the CBOR in <see cref="CborConformanceMode.Lax"/> mode with
/// definite lengths; its heads are always the shortest form. This layer adds what the writer leaves to the caller or
/// does differently: it sorts map keys in the DAG-CBOR order and refuses duplicates, refuses strings with lone
/// surrogates (which the writer would replace with U+FFFD), and keeps every float 64-bit.
/// </para>
/// <para>
/// In every conformance mode <see cref="CborWriter.WriteDouble"/> shrinks a double to half or single precision when
/// that loses nothing, which DAG-CBOR forbids. Such doubles go through <see cref="CborWriter.WriteEncodedValue"/> as
/// the 9-byte <c>0xfb</c> form; all others cannot be shrunk and are written by <see cref="CborWriter.WriteDouble"/>,
/// which avoids the validating reader that <see cref="CborWriter.WriteEncodedValue"/> runs.
/// </para>
/// <para>See https://ipld.io/specs/codecs/dag-cbor/spec/ (strictness section).</para>
/// </remarks>
internal sealed class DagCborWriter
{
    // Deeper values than this are far past anything the decoder accepts; the bound turns cycles into an error.
    private const int MaxEncodeDepth = 512;

    // CIDs in practice are 34 to ~70 bytes; a longer one is prefixed in a rented buffer instead of on the stack.
    private const int StackLinkLength = 128;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly BigInteger MaxUnsigned = ulong.MaxValue;
    private static readonly BigInteger MinNegative = -BigInteger.Pow(2, 64);

    private const int MajorText = 3;
    private const int MajorMap = 5;

    // Buffers that grew past this are not kept for the next encoding on the thread.
    private const int MaxCachedBytes = 64 * 1024;

    // One writer per thread, reused: the writer keeps its buffer across Reset, where a fresh one grows a new buffer
    // for every value. It is taken out while in use, so an encoding nested in another (a lazy enumerable that encodes
    // as it is enumerated) gets a writer of its own.
    [ThreadStatic]
    private static CborWriter? _cachedWriter;

    private readonly CborWriter _writer;

    // Whether WriteValue also builds the value's decoded form (see EncodeAndDecode).
    private readonly bool _mirror;

    // The deepest nesting written so far, counted as the decoder counts it (the top-level list or map is 1).
    private int _maxDepth;

    private DagCborWriter(CborWriter writer, bool mirror)
    {
        _writer = writer;
        _mirror = mirror;
    }

    public static byte[] Encode(object? value) => Encode(value, mirror: false, out _);

    /// <summary>
    /// Encodes <paramref name="value"/> and returns in <paramref name="decoded"/> exactly what
    /// <see cref="DagCbor.Decode(byte[], DagCborLimits?)"/> returns for the bytes (fresh maps in canonical order,
    /// lists, <see cref="long"/> or <see cref="BigInteger"/> integers, <see cref="double"/> floats, copied byte
    /// arrays; strings and CIDs, being immutable, are shared), built while writing instead of by parsing the bytes
    /// again. Bytes beyond the default decoding limits are decoded, so those limits apply as before.
    /// </summary>
    public static byte[] EncodeAndDecode(object? value, out object? decoded)
    {
        var bytes = Encode(value, mirror: true, out var result);
        var limits = DagCborLimits.Default;

        // Every item and every map key takes at least one byte, so input no longer than the smallest count limit is
        // within all of them; only the nesting depth needs counting.
        var smallestLimit = Math.Min(
            Math.Min(limits.MaxTotalItems, limits.MaxCollectionLength), Math.Min(limits.MaxStringLength, limits.MaxBytesLength));
        decoded = bytes.Length <= smallestLimit && result.MaxDepth <= limits.MaxDepth
            ? result.Value
            : DagCbor.Decode(bytes);
        return bytes;
    }

    private static byte[] Encode(object? value, bool mirror, out (object? Value, int MaxDepth) decoded)
    {
        var writer = _cachedWriter ?? new CborWriter(
            CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);
        _cachedWriter = null;
        try
        {
            var encoder = new DagCborWriter(writer, mirror);
            var written = encoder.WriteValue(value, 0);
            decoded = (written, encoder._maxDepth);
            return writer.Encode();
        }
        finally
        {
            if (writer.BytesWritten <= MaxCachedBytes)
            {
                writer.Reset();
                _cachedWriter = writer;
            }
        }
    }

    /// <summary>
    /// Encodes a map whose values are already canonical DAG-CBOR items, copying their bytes in as they are instead of
    /// encoding the values again. The keys must be distinct and in DAG-CBOR order.
    /// </summary>
    /// <exception cref="ArgumentException">The keys are not in DAG-CBOR order, or one has no UTF-8 form.</exception>
    public static byte[] EncodeMap(ReadOnlySpan<KeyValuePair<string, ReadOnlyMemory<byte>>> entries)
    {
        var length = HeadLength((ulong)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var key = entries[i].Key;
            ValidateKey(key);
            if (i > 0 && DagCborKeyOrder.Compare(entries[i - 1].Key, key) >= 0)
            {
                throw new ArgumentException($"Map key \"{key}\" is out of DAG-CBOR order or repeated.", nameof(entries));
            }

            var keyLength = Encoding.UTF8.GetByteCount(key);
            length += HeadLength((ulong)keyLength) + keyLength + entries[i].Value.Length;
        }

        var bytes = new byte[length];
        var n = WriteHead(bytes, MajorMap, (ulong)entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            var key = entries[i].Key;
            n += WriteHead(bytes.AsSpan(n), MajorText, (ulong)Encoding.UTF8.GetByteCount(key));
            n += Encoding.UTF8.GetBytes(key, bytes.AsSpan(n));
            entries[i].Value.Span.CopyTo(bytes.AsSpan(n));
            n += entries[i].Value.Length;
        }

        return bytes;
    }

    private object? WriteValue(object? value, int depth)
    {
        switch (value)
        {
            case null:
                _writer.WriteNull();
                return null;
            case bool b:
                _writer.WriteBoolean(b);
                return value;
            case string s:
                WriteText(s);
                return value;
            case long l:
                _writer.WriteInt64(l);
                return value;
            case int i:
                _writer.WriteInt64(i);
                return _mirror ? (long)i : null;
            case uint u:
                _writer.WriteUInt64(u);
                return _mirror ? (long)u : null;
            case ulong u:
                _writer.WriteUInt64(u);
                return !_mirror ? null : u <= long.MaxValue ? (object)(long)u : new BigInteger(u);
            case short s:
                _writer.WriteInt64(s);
                return _mirror ? (long)s : null;
            case ushort u:
                _writer.WriteUInt64(u);
                return _mirror ? (long)u : null;
            case byte u:
                _writer.WriteUInt64(u);
                return _mirror ? (long)u : null;
            case sbyte s:
                _writer.WriteInt64(s);
                return _mirror ? (long)s : null;
            case BigInteger big:
                WriteBigInteger(big);
                return !_mirror ? null : big >= long.MinValue && big <= long.MaxValue ? (object)(long)big : value;
            case double d:
                WriteFloat(d);
                return value;
            case float f:
                WriteFloat(f);
                return _mirror ? (double)f : null;
            case byte[] bytes:
                _writer.WriteByteString(bytes.AsSpan());
                return _mirror ? bytes.AsSpan().ToArray() : null;
            case ReadOnlyMemory<byte> memory:
                _writer.WriteByteString(memory.Span);
                return _mirror ? memory.ToArray() : null;
            case Memory<byte> memory:
                _writer.WriteByteString(memory.Span);
                return _mirror ? memory.ToArray() : null;
            case Cid cid:
                WriteLink(cid);
                return value;
            case IReadOnlyDictionary<string, object?> map:
                return WriteMap(map, map.Count, depth);
            case IDictionary<string, object?> map:
                return WriteMap(map, map.Count, depth);
            case IDictionary map:
                return WriteMap(map, depth);
            case IEnumerable list:
                return WriteList(list, depth);
            default:
                throw new ArgumentException($"DAG-CBOR cannot encode a value of type {value.GetType()}.", nameof(value));
        }
    }

    private void WriteBigInteger(BigInteger value)
    {
        if (value.Sign >= 0)
        {
            if (value > MaxUnsigned)
            {
                throw new ArgumentException($"Integer {value} is above the DAG-CBOR maximum of 2^64-1.", nameof(value));
            }

            _writer.WriteUInt64((ulong)value);
        }
        else
        {
            if (value < MinNegative)
            {
                throw new ArgumentException($"Integer {value} is below the DAG-CBOR minimum of -2^64.", nameof(value));
            }

            // Major type 1 carries -1 - value, which reaches 2^64 - 1 for -2^64: beyond what WriteInt64 takes.
            _writer.WriteCborNegativeIntegerRepresentation((ulong)(BigInteger.MinusOne - value));
        }
    }

    private void WriteFloat(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"DAG-CBOR cannot encode {value}: NaN and infinities are not allowed.", nameof(value));
        }

        // Exactly representable as single (and so possibly as half): WriteDouble would shrink it.
        if ((double)(float)value == value)
        {
            Span<byte> encoded = stackalloc byte[9];
            encoded[0] = 0xfb;
            BinaryPrimitives.WriteDoubleBigEndian(encoded[1..], value);
            _writer.WriteEncodedValue(encoded);
        }
        else
        {
            _writer.WriteDouble(value);
        }
    }

    private void WriteText(string text)
    {
        try
        {
            // Only validates: the writer does the encoding, but would turn a lone surrogate into U+FFFD.
            StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The string is not valid UTF-16 (lone surrogate) and has no UTF-8 form.", nameof(text), e);
        }

        _writer.WriteTextString(text);
    }

    private void WriteLink(Cid cid)
    {
        var bytes = cid.Bytes;
        var length = bytes.Length + 1;
        byte[]? rented = null;
        var prefixed = length <= StackLinkLength
            ? stackalloc byte[StackLinkLength]
            : rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            prefixed[0] = 0x00;
            bytes.CopyTo(prefixed[1..]);
            _writer.WriteTag((CborTag)42);
            _writer.WriteByteString(prefixed[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private List<object?>? WriteList(IEnumerable list, int depth)
    {
        depth = Enter(depth);
        switch (list)
        {
            case IReadOnlyCollection<object?> collection:
                return WriteItems(collection, collection.Count, depth);
            case ICollection collection:
                return WriteItems(collection, collection.Count, depth);
            default:
                var items = new List<object?>();
                foreach (var item in list)
                {
                    items.Add(item);
                }

                return WriteItems(items, items.Count, depth);
        }
    }

    private List<object?>? WriteItems(IEnumerable items, int expected, int depth)
    {
        _writer.WriteStartArray(expected);
        var decoded = _mirror ? new List<object?>(Math.Min(expected, 16)) : null;
        var written = 0;
        foreach (var item in items)
        {
            if (++written > expected)
            {
                break;
            }

            var value = WriteValue(item, depth);
            decoded?.Add(value);
        }

        // Checked before WriteEndArray, which would report the mismatch as a misuse of the writer.
        if (written != expected)
        {
            throw new ArgumentException("The collection changed its count while being encoded.", nameof(items));
        }

        _writer.WriteEndArray();
        return decoded;
    }

    private Dictionary<string, object?>? WriteMap(IEnumerable<KeyValuePair<string, object?>> map, int count, int depth)
    {
        depth = Enter(depth);
        var entries = ArrayPool<Entry>.Shared.Rent(count);
        try
        {
            var n = 0;
            foreach (var (key, value) in map)
            {
                if (n == count)
                {
                    throw new ArgumentException("The map changed its count while being encoded.", nameof(map));
                }

                ValidateKey(key);
                entries[n++] = new Entry(key, value);
            }

            return WriteEntries(entries.AsSpan(0, n), depth);
        }
        finally
        {
            ArrayPool<Entry>.Shared.Return(entries, clearArray: true);
        }
    }

    private Dictionary<string, object?>? WriteMap(IDictionary map, int depth)
    {
        depth = Enter(depth);
        var count = map.Count;
        var entries = ArrayPool<Entry>.Shared.Rent(count);
        try
        {
            var n = 0;
            foreach (DictionaryEntry entry in map)
            {
                if (entry.Key is not string key)
                {
                    throw new ArgumentException($"DAG-CBOR map keys must be strings, not {entry.Key.GetType()}.", nameof(map));
                }

                if (n == count)
                {
                    throw new ArgumentException("The map changed its count while being encoded.", nameof(map));
                }

                ValidateKey(key);
                entries[n++] = new Entry(key, entry.Value);
            }

            return WriteEntries(entries.AsSpan(0, n), depth);
        }
        finally
        {
            ArrayPool<Entry>.Shared.Return(entries, clearArray: true);
        }
    }

    private Dictionary<string, object?>? WriteEntries(Span<Entry> entries, int depth)
    {
        // The writer's Lax mode keeps entries in the order given; DAG-CBOR's order is ours to produce. Keys are valid
        // UTF-16 by now, so equal strings are exactly equal UTF-8 bytes.
        entries.Sort(static (a, b) => DagCborKeyOrder.Compare(a.Key, b.Key));
        for (var i = 1; i < entries.Length; i++)
        {
            if (string.Equals(entries[i].Key, entries[i - 1].Key, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Duplicate map key \"{entries[i].Key}\".", nameof(entries));
            }
        }

        _writer.WriteStartMap(entries.Length);
        var decoded = _mirror ? new Dictionary<string, object?>(entries.Length, StringComparer.Ordinal) : null;
        foreach (var entry in entries)
        {
            _writer.WriteTextString(entry.Key);
            var value = WriteValue(entry.Value, depth);
            decoded?.Add(entry.Key, value);
        }

        _writer.WriteEndMap();
        return decoded;
    }

    /// <summary>Checks that <paramref name="key"/> has a UTF-8 form (no lone surrogate); ASCII keys need no look.</summary>
    private static void ValidateKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Ascii.IsValid(key))
        {
            return;
        }

        try
        {
            StrictUtf8.GetByteCount(key);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("A map key is not valid UTF-16 (lone surrogate) and has no UTF-8 form.", nameof(key), e);
        }
    }

    private static int HeadLength(ulong argument) => DagCborReader.MinimalHeadLength(argument);

    /// <summary>Writes the shortest CBOR head of <paramref name="major"/> with <paramref name="argument"/>.</summary>
    private static int WriteHead(Span<byte> destination, int major, ulong argument)
    {
        var initial = (byte)(major << 5);
        switch (HeadLength(argument))
        {
            case 1:
                destination[0] = (byte)(initial | (byte)argument);
                return 1;
            case 2:
                destination[0] = (byte)(initial | 24);
                destination[1] = (byte)argument;
                return 2;
            case 3:
                destination[0] = (byte)(initial | 25);
                BinaryPrimitives.WriteUInt16BigEndian(destination[1..], (ushort)argument);
                return 3;
            case 5:
                destination[0] = (byte)(initial | 26);
                BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)argument);
                return 5;
            default:
                destination[0] = (byte)(initial | 27);
                BinaryPrimitives.WriteUInt64BigEndian(destination[1..], argument);
                return 9;
        }
    }

    private int Enter(int depth)
    {
        if (depth >= MaxEncodeDepth)
        {
            throw new ArgumentException($"The value nests deeper than {MaxEncodeDepth} levels (a cycle?).");
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        _maxDepth = Math.Max(_maxDepth, depth + 1);
        return depth + 1;
    }

    /// <summary>A map entry with its key's UTF-8 form, computed once for sorting.</summary>
    private readonly record struct Entry(string Key, object? Value);
}
