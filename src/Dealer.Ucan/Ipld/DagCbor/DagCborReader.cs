using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Dealer.Ucan.Ipld.DagCbor;

/// <summary>
/// Strict DAG-CBOR decoder over a span. Everything that is not the canonical encoding of an IPLD value is rejected:
/// indefinite lengths, non-minimal heads, tags other than 42, simple values other than true/false/null, floats that
/// are not 64-bit or not finite, non-string, unsorted or duplicate map keys, invalid UTF-8 and trailing bytes.
/// </summary>
/// <remarks>
/// System.Formats.Cbor's reader is not used here: it needs a <see cref="ReadOnlyMemory{T}"/> (a copy of every span
/// input), it accepts non-minimal heads in its lax mode and sorts keys by a different rule in its canonical modes,
/// so each DAG-CBOR rule would need a byte-level re-check anyway. See https://ipld.io/specs/codecs/dag-cbor/spec/.
/// </remarks>
internal ref struct DagCborReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly DagCborLimits _limits;
    private int _position;
    private int _itemsLeft;

    public DagCborReader(ReadOnlySpan<byte> data, DagCborLimits limits)
    {
        _data = data;
        _limits = limits;
        _itemsLeft = limits.MaxTotalItems;
    }

    public object? ReadDocument()
    {
        if (_data.IsEmpty)
        {
            throw Fail("Unexpected end of data: the input is empty");
        }

        var value = ReadValue(0);
        if (_position != _data.Length)
        {
            throw Fail($"{_data.Length - _position} trailing byte(s) after the DAG-CBOR value");
        }

        return value;
    }

    private object? ReadValue(int depth)
    {
        CountItem();
        var start = _position;
        var initial = ReadByte();
        var major = initial >> 5;
        var info = initial & 0x1f;
        switch (major)
        {
            case 0:
            {
                var value = ReadArgument(info, start);
                return value <= long.MaxValue ? (object)(long)value : new BigInteger(value);
            }

            case 1:
            {
                var value = ReadArgument(info, start);
                return value <= long.MaxValue ? (object)(-1L - (long)value) : BigInteger.MinusOne - value;
            }

            case 2:
                return ReadSpan(ReadLength(info, start, _limits.MaxBytesLength, 1, "byte string")).ToArray();
            case 3:
                return ReadString(ReadLength(info, start, _limits.MaxStringLength, 1, "text string"), start);
            case 4:
                return ReadList(ReadLength(info, start, _limits.MaxCollectionLength, 1, "list"), depth, start);
            case 5:
                return ReadMap(ReadLength(info, start, _limits.MaxCollectionLength, 2, "map"), depth, start);
            case 6:
            {
                var tag = ReadArgument(info, start);
                if (tag != 42)
                {
                    throw Fail($"Tag {tag} is not allowed; DAG-CBOR only allows tag 42 (links)", start);
                }

                return ReadLink(start);
            }

            default:
                return ReadSimple(info, start);
        }
    }

    private object? ReadSimple(int info, int start)
    {
        switch (info)
        {
            case 20:
                return false;
            case 21:
                return true;
            case 22:
                return null;
            case 23:
                throw Fail("undefined is not allowed in DAG-CBOR", start);
            case 24:
                throw Fail($"Simple value {ReadByte()} is not allowed; DAG-CBOR only allows true, false and null", start);
            case 25:
                throw Fail("Half-precision floats are not allowed; DAG-CBOR requires 64-bit floats", start);
            case 26:
                throw Fail("Single-precision floats are not allowed; DAG-CBOR requires 64-bit floats", start);
            case 27:
            {
                var value = BinaryPrimitives.ReadDoubleBigEndian(ReadSpan(8));
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

            case 31:
                throw Fail("Unexpected break code: indefinite-length items are not allowed in DAG-CBOR", start);
            case < 20:
                throw Fail($"Simple value {info} is not allowed; DAG-CBOR only allows true, false and null", start);
            default:
                throw Fail($"Reserved additional information {info} in a simple value", start);
        }
    }

    private List<object?> ReadList(int length, int depth, int start)
    {
        depth = Enter(depth, start);

        // Start small: the declared length is only bounded by the input, and growth is cheap next to decoding.
        var list = new List<object?>(Math.Min(length, 16));
        for (var i = 0; i < length; i++)
        {
            list.Add(ReadValue(depth));
        }

        return list;
    }

    private Dictionary<string, object?> ReadMap(int length, int depth, int start)
    {
        depth = Enter(depth, start);
        var map = new Dictionary<string, object?>(Math.Min(length, 16), StringComparer.Ordinal);
        var previous = ReadOnlySpan<byte>.Empty;
        for (var i = 0; i < length; i++)
        {
            CountItem();
            var keyStart = _position;
            var initial = ReadByte();
            if (initial >> 5 != 3)
            {
                throw Fail($"Map keys must be text strings, found major type {initial >> 5}", keyStart);
            }

            var keyLength = ReadLength(initial & 0x1f, keyStart, _limits.MaxStringLength, 1, "text string");
            var keyBytes = ReadSpan(keyLength);
            if (i > 0)
            {
                var order = DagCborKeyOrder.Compare(previous, keyBytes);
                if (order == 0)
                {
                    throw Fail($"Duplicate map key \"{Decode(keyBytes, keyStart)}\"", keyStart);
                }

                if (order > 0)
                {
                    throw Fail(
                        $"Map keys are not in DAG-CBOR order (length first, then bytewise): \"{Decode(keyBytes, keyStart)}\" follows \"{Decode(previous, keyStart)}\"",
                        keyStart);
                }
            }

            previous = keyBytes;
            map.Add(Decode(keyBytes, keyStart), ReadValue(depth));
        }

        return map;
    }

    private Cid ReadLink(int start)
    {
        var contentStart = _position;
        var initial = ReadByte();
        if (initial >> 5 != 2)
        {
            throw Fail($"Tag 42 must wrap a byte string, found major type {initial >> 5}", start);
        }

        var bytes = ReadSpan(ReadLength(initial & 0x1f, contentStart, _limits.MaxBytesLength, 1, "byte string"));
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

    private string ReadString(int length, int start) => Decode(ReadSpan(length), start);

    private static string Decode(ReadOnlySpan<byte> utf8, int start) => Utf8.IsValid(utf8)
        ? Encoding.UTF8.GetString(utf8)
        : throw Fail("Text string is not valid UTF-8", start);

    /// <summary>Reads a length head and bounds it by the limit and by the input that remains.</summary>
    private int ReadLength(int info, int start, int limit, int minBytesPerEntry, string what)
    {
        if (info == 31)
        {
            throw Fail($"Indefinite-length {what}s are not allowed in DAG-CBOR", start);
        }

        var length = ReadArgument(info, start);

        // Checked before anything is allocated; dividing keeps the product from overflowing.
        var remaining = (ulong)(_data.Length - _position);
        if (length > remaining / (ulong)minBytesPerEntry)
        {
            throw Fail($"Declared {what} length {length} exceeds the remaining {remaining} byte(s) of input", start);
        }

        if (length > (ulong)limit)
        {
            throw Fail($"Declared {what} length {length} exceeds the limit of {limit}", start);
        }

        return (int)length;
    }

    /// <summary>Reads the argument of a head and rejects any encoding longer than necessary.</summary>
    private ulong ReadArgument(int info, int start)
    {
        ulong value;
        switch (info)
        {
            case < 24:
                return (ulong)info;
            case 24:
                value = ReadByte();
                if (value < 24)
                {
                    throw NonMinimal(value, start);
                }

                return value;
            case 25:
                value = BinaryPrimitives.ReadUInt16BigEndian(ReadSpan(2));
                if (value <= byte.MaxValue)
                {
                    throw NonMinimal(value, start);
                }

                return value;
            case 26:
                value = BinaryPrimitives.ReadUInt32BigEndian(ReadSpan(4));
                if (value <= ushort.MaxValue)
                {
                    throw NonMinimal(value, start);
                }

                return value;
            case 27:
                value = BinaryPrimitives.ReadUInt64BigEndian(ReadSpan(8));
                if (value <= uint.MaxValue)
                {
                    throw NonMinimal(value, start);
                }

                return value;
            case 31:
                throw Fail("Indefinite-length encoding is not allowed for this major type", start);
            default:
                throw Fail($"Reserved additional information {info}", start);
        }
    }

    private readonly int Enter(int depth, int start)
    {
        if (depth >= _limits.MaxDepth)
        {
            throw Fail($"Nesting depth exceeds the limit of {_limits.MaxDepth}", start);
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        return depth + 1;
    }

    private void CountItem()
    {
        if (--_itemsLeft < 0)
        {
            throw Fail($"The input holds more than {_limits.MaxTotalItems} data items");
        }
    }

    private byte ReadByte()
    {
        if (_position >= _data.Length)
        {
            throw Fail("Unexpected end of data");
        }

        return _data[_position++];
    }

    private ReadOnlySpan<byte> ReadSpan(int count)
    {
        if (_data.Length - _position < count)
        {
            throw Fail("Unexpected end of data");
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    private static DagCborException NonMinimal(ulong value, int start) =>
        Fail($"Integer or length {value} is not minimally encoded", start);

    private readonly DagCborException Fail(string message) => Fail(message, _position);

    private static DagCborException Fail(string message, int offset) => new($"{message} (at byte {offset}).");
}
