using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Dealer.Ucan.Ipld.DagCbor;

/// <summary>
/// Canonical DAG-CBOR encoder over a pooled, growable buffer: minimal integer and length headers, map keys sorted by
/// UTF-8 length then bytewise, links as tag 42 over <c>0x00 ‖ CID</c>, floats always 64-bit.
/// </summary>
/// <remarks>See https://ipld.io/specs/codecs/dag-cbor/spec/ (strictness section).</remarks>
internal sealed class DagCborWriter : IDisposable
{
    // Deeper values than this are far past anything the decoder accepts; the bound turns cycles into an error.
    private const int MaxEncodeDepth = 512;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly BigInteger MaxUnsigned = ulong.MaxValue;
    private static readonly BigInteger MinNegative = -BigInteger.Pow(2, 64);

    private byte[] _buffer;
    private int _length;

    public DagCborWriter(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    }

    public static byte[] Encode(object? value)
    {
        using var writer = new DagCborWriter();
        writer.WriteValue(value, 0);
        return writer.ToArray();
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _length = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void WriteValue(object? value, int depth)
    {
        switch (value)
        {
            case null:
                WriteByte(0xf6);
                break;
            case bool b:
                WriteByte(b ? (byte)0xf5 : (byte)0xf4);
                break;
            case string s:
                WriteText(s);
                break;
            case long l:
                WriteInteger(l);
                break;
            case int i:
                WriteInteger(i);
                break;
            case uint u:
                WriteHeader(0, u);
                break;
            case ulong u:
                WriteHeader(0, u);
                break;
            case short s:
                WriteInteger(s);
                break;
            case ushort u:
                WriteHeader(0, u);
                break;
            case byte u:
                WriteHeader(0, u);
                break;
            case sbyte s:
                WriteInteger(s);
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
                WriteBytes(bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                WriteBytes(memory.Span);
                break;
            case Memory<byte> memory:
                WriteBytes(memory.Span);
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

    private void WriteInteger(long value)
    {
        if (value >= 0)
        {
            WriteHeader(0, (ulong)value);
        }
        else
        {
            // -1 - value cannot overflow: for long.MinValue it is long.MaxValue.
            WriteHeader(1, (ulong)(-1 - value));
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

            WriteHeader(0, (ulong)value);
        }
        else
        {
            if (value < MinNegative)
            {
                throw new ArgumentException($"Integer {value} is below the DAG-CBOR minimum of -2^64.", nameof(value));
            }

            WriteHeader(1, (ulong)(BigInteger.MinusOne - value));
        }
    }

    private void WriteFloat(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"DAG-CBOR cannot encode {value}: NaN and infinities are not allowed.", nameof(value));
        }

        var span = Reserve(9);
        span[0] = 0xfb;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _length += 9;
    }

    private void WriteText(string text)
    {
        int count;
        try
        {
            count = StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The string is not valid UTF-16 (lone surrogate) and has no UTF-8 form.", nameof(text), e);
        }

        WriteHeader(3, (ulong)count);
        var span = Reserve(count);
        _length += StrictUtf8.GetBytes(text, span);
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteHeader(2, (ulong)bytes.Length);
        WriteRaw(bytes);
    }

    private void WriteLink(Cid cid)
    {
        var bytes = cid.Bytes;
        WriteByte(0xd8);
        WriteByte(42);
        WriteHeader(2, (ulong)bytes.Length + 1);
        WriteByte(0x00);
        WriteRaw(bytes);
    }

    private void WriteList(IEnumerable list, int depth)
    {
        depth = Enter(depth);
        switch (list)
        {
            case IReadOnlyCollection<object?> collection:
                WriteHeader(4, (ulong)collection.Count);
                WriteItems(collection, collection.Count, depth);
                break;
            case ICollection collection:
                WriteHeader(4, (ulong)collection.Count);
                WriteItems(collection, collection.Count, depth);
                break;
            default:
                var items = new List<object?>();
                foreach (var item in list)
                {
                    items.Add(item);
                }

                WriteHeader(4, (ulong)items.Count);
                WriteItems(items, items.Count, depth);
                break;
        }
    }

    private void WriteItems(IEnumerable items, int expected, int depth)
    {
        var written = 0;
        foreach (var item in items)
        {
            if (++written > expected)
            {
                break;
            }

            WriteValue(item, depth);
        }

        if (written != expected)
        {
            throw new ArgumentException("The collection changed its count while being encoded.", nameof(items));
        }
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

            entries[n++] = new Entry(KeyBytes(key), value);
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

            entries[n++] = new Entry(KeyBytes(key), entry.Value);
        }

        WriteEntries(entries.AsSpan(0, n), depth);
    }

    private void WriteEntries(Span<Entry> entries, int depth)
    {
        entries.Sort(static (a, b) => DagCborKeyOrder.Compare(a.Key, b.Key));
        for (var i = 1; i < entries.Length; i++)
        {
            if (entries[i].Key.AsSpan().SequenceEqual(entries[i - 1].Key))
            {
                throw new ArgumentException($"Duplicate map key \"{Encoding.UTF8.GetString(entries[i].Key)}\".", nameof(entries));
            }
        }

        WriteHeader(5, (ulong)entries.Length);
        foreach (var entry in entries)
        {
            WriteHeader(3, (ulong)entry.Key.Length);
            WriteRaw(entry.Key);
            WriteValue(entry.Value, depth);
        }
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

    private void WriteHeader(int major, ulong value)
    {
        var span = Reserve(9);
        var type = (byte)(major << 5);
        if (value < 24)
        {
            span[0] = (byte)(type | (byte)value);
            _length += 1;
        }
        else if (value <= byte.MaxValue)
        {
            span[0] = (byte)(type | 24);
            span[1] = (byte)value;
            _length += 2;
        }
        else if (value <= ushort.MaxValue)
        {
            span[0] = (byte)(type | 25);
            BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)value);
            _length += 3;
        }
        else if (value <= uint.MaxValue)
        {
            span[0] = (byte)(type | 26);
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)value);
            _length += 5;
        }
        else
        {
            span[0] = (byte)(type | 27);
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            _length += 9;
        }
    }

    private void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        _length++;
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _length += bytes.Length;
    }

    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _length < count)
        {
            var size = Math.Max(_buffer.Length * 2, _length + count);
            var bigger = ArrayPool<byte>.Shared.Rent(size);
            _buffer.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        return _buffer.AsSpan(_length, count);
    }

    private readonly record struct Entry(byte[] Key, object? Value);
}
