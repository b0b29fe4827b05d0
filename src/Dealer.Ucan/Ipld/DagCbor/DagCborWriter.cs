using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Formats.Cbor;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Dealer.Ucan.Ipld.DagCbor;

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

    // Buffers that grew past this are not kept for the next encoding on the thread.
    private const int MaxCachedBytes = 64 * 1024;

    // One writer per thread, reused: the writer keeps its buffer across Reset, where a fresh one grows a new buffer
    // for every value. It is taken out while in use, so an encoding nested in another (a lazy enumerable that encodes
    // as it is enumerated) gets a writer of its own.
    [ThreadStatic]
    private static CborWriter? _cachedWriter;

    private readonly CborWriter _writer;

    private DagCborWriter(CborWriter writer)
    {
        _writer = writer;
    }

    public static byte[] Encode(object? value)
    {
        var writer = _cachedWriter ?? new CborWriter(
            CborConformanceMode.Lax, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);
        _cachedWriter = null;
        try
        {
            new DagCborWriter(writer).WriteValue(value, 0);
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

    private void WriteValue(object? value, int depth)
    {
        switch (value)
        {
            case null:
                _writer.WriteNull();
                break;
            case bool b:
                _writer.WriteBoolean(b);
                break;
            case string s:
                WriteText(s);
                break;
            case long l:
                _writer.WriteInt64(l);
                break;
            case int i:
                _writer.WriteInt64(i);
                break;
            case uint u:
                _writer.WriteUInt64(u);
                break;
            case ulong u:
                _writer.WriteUInt64(u);
                break;
            case short s:
                _writer.WriteInt64(s);
                break;
            case ushort u:
                _writer.WriteUInt64(u);
                break;
            case byte u:
                _writer.WriteUInt64(u);
                break;
            case sbyte s:
                _writer.WriteInt64(s);
                break;
            case BigInteger big:
                WriteBigInteger(big);
                break;
            case double d:
                WriteFloat(d);
                break;
            case float f:
                WriteFloat(f);
                break;
            case byte[] bytes:
                _writer.WriteByteString(bytes.AsSpan());
                break;
            case ReadOnlyMemory<byte> memory:
                _writer.WriteByteString(memory.Span);
                break;
            case Memory<byte> memory:
                _writer.WriteByteString(memory.Span);
                break;
            case Cid cid:
                WriteLink(cid);
                break;
            case IReadOnlyDictionary<string, object?> map:
                WriteMap(map, map.Count, depth);
                break;
            case IDictionary<string, object?> map:
                WriteMap(map, map.Count, depth);
                break;
            case IDictionary map:
                WriteMap(map, depth);
                break;
            case IEnumerable list:
                WriteList(list, depth);
                break;
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

    private void WriteList(IEnumerable list, int depth)
    {
        depth = Enter(depth);
        switch (list)
        {
            case IReadOnlyCollection<object?> collection:
                WriteItems(collection, collection.Count, depth);
                break;
            case ICollection collection:
                WriteItems(collection, collection.Count, depth);
                break;
            default:
                var items = new List<object?>();
                foreach (var item in list)
                {
                    items.Add(item);
                }

                WriteItems(items, items.Count, depth);
                break;
        }
    }

    private void WriteItems(IEnumerable items, int expected, int depth)
    {
        _writer.WriteStartArray(expected);
        var written = 0;
        foreach (var item in items)
        {
            if (++written > expected)
            {
                break;
            }

            WriteValue(item, depth);
        }

        // Checked before WriteEndArray, which would report the mismatch as a misuse of the writer.
        if (written != expected)
        {
            throw new ArgumentException("The collection changed its count while being encoded.", nameof(items));
        }

        _writer.WriteEndArray();
    }

    private void WriteMap(IEnumerable<KeyValuePair<string, object?>> map, int count, int depth)
    {
        depth = Enter(depth);
        var entries = new Entry[count];
        var n = 0;
        foreach (var (key, value) in map)
        {
            if (n == count)
            {
                throw new ArgumentException("The map changed its count while being encoded.", nameof(map));
            }

            entries[n++] = new Entry(key, KeyBytes(key), value);
        }

        WriteEntries(entries.AsSpan(0, n), depth);
    }

    private void WriteMap(IDictionary map, int depth)
    {
        depth = Enter(depth);
        var entries = new Entry[map.Count];
        var n = 0;
        foreach (DictionaryEntry entry in map)
        {
            if (entry.Key is not string key)
            {
                throw new ArgumentException($"DAG-CBOR map keys must be strings, not {entry.Key.GetType()}.", nameof(map));
            }

            if (n == entries.Length)
            {
                throw new ArgumentException("The map changed its count while being encoded.", nameof(map));
            }

            entries[n++] = new Entry(key, KeyBytes(key), entry.Value);
        }

        WriteEntries(entries.AsSpan(0, n), depth);
    }

    private void WriteEntries(Span<Entry> entries, int depth)
    {
        // The writer's Lax mode keeps entries in the order given; DAG-CBOR's order is ours to produce.
        entries.Sort(static (a, b) => DagCborKeyOrder.Compare(a.Utf8, b.Utf8));
        for (var i = 1; i < entries.Length; i++)
        {
            if (entries[i].Utf8.AsSpan().SequenceEqual(entries[i - 1].Utf8))
            {
                throw new ArgumentException($"Duplicate map key \"{entries[i].Key}\".", nameof(entries));
            }
        }

        _writer.WriteStartMap(entries.Length);
        foreach (var entry in entries)
        {
            _writer.WriteTextString(entry.Key);
            WriteValue(entry.Value, depth);
        }

        _writer.WriteEndMap();
    }

    private static byte[] KeyBytes(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            return StrictUtf8.GetBytes(key);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("A map key is not valid UTF-16 (lone surrogate) and has no UTF-8 form.", nameof(key), e);
        }
    }

    private static int Enter(int depth)
    {
        if (depth >= MaxEncodeDepth)
        {
            throw new ArgumentException($"The value nests deeper than {MaxEncodeDepth} levels (a cycle?).");
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        return depth + 1;
    }

    /// <summary>A map entry with its key's UTF-8 form, computed once for sorting.</summary>
    private readonly record struct Entry(string Key, byte[] Utf8, object? Value);
}
