using System.Formats.Cbor;
using System.Numerics;
using Dealer.Ucan.Ipld;

namespace Dealer.Ucan.Tests.Ipld;

/// <summary>
/// A plain reading of CBOR bytes with System.Formats.Cbor (lax mode, none of the DAG-CBOR rules, the library's own
/// nesting), mapped onto the IPLD data model, to cross-check the values the DAG-CBOR codec decodes.
/// </summary>
internal static class CborOracle
{
    public static object? Read(byte[] bytes)
    {
        var reader = new CborReader(bytes, CborConformanceMode.Lax);
        var value = ReadValue(reader);
        Assert.That(reader.BytesRemaining, Is.Zero, "oracle consumed the whole input");
        return value;
    }

    private static object? ReadValue(CborReader reader)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.Null:
                reader.ReadNull();
                return null;
            case CborReaderState.Boolean:
                return reader.ReadBoolean();
            case CborReaderState.UnsignedInteger:
                var unsigned = reader.ReadUInt64();
                return unsigned <= long.MaxValue ? (long)unsigned : new BigInteger(unsigned);
            case CborReaderState.NegativeInteger:
                var negative = reader.ReadCborNegativeIntegerRepresentation();
                return negative <= long.MaxValue ? -1L - (long)negative : BigInteger.MinusOne - negative;
            case CborReaderState.DoublePrecisionFloat:
                return reader.ReadDouble();
            case CborReaderState.TextString:
                return reader.ReadTextString();
            case CborReaderState.ByteString:
                return reader.ReadByteString();
            case CborReaderState.Tag:
                Assert.That(reader.ReadTag(), Is.EqualTo((CborTag)42));
                var link = reader.ReadByteString();
                Assert.That(link[0], Is.Zero);
                return Cid.Read(link.AsSpan(1));
            case CborReaderState.StartArray:
                var count = reader.ReadStartArray()!.Value;
                var list = new List<object?>(count);
                for (var i = 0; i < count; i++)
                {
                    list.Add(ReadValue(reader));
                }

                reader.ReadEndArray();
                return list;
            case CborReaderState.StartMap:
                var entries = reader.ReadStartMap()!.Value;
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < entries; i++)
                {
                    var key = reader.ReadTextString();
                    map.Add(key, ReadValue(reader));
                }

                reader.ReadEndMap();
                return map;
            default:
                Assert.Fail($"oracle: unexpected CBOR state {reader.PeekState()}");
                return null;
        }
    }
}
