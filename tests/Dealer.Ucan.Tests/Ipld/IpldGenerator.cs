using System.Numerics;
using System.Text;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Tests.Ipld;

/// <summary>Seeded random IPLD values for property tests, biased towards encoding boundaries.</summary>
internal sealed class IpldGenerator(int seed)
{
    private static readonly object[] IntegerEdges =
    [
        0L, 1L, 23L, 24L, 255L, 256L, 65535L, 65536L, 4294967295L, 4294967296L, long.MaxValue,
        -1L, -24L, -25L, -256L, -257L, -65536L, -65537L, -4294967296L, -4294967297L, long.MinValue,
        BigInteger.Pow(2, 63), BigInteger.Pow(2, 64) - 1, -BigInteger.Pow(2, 63) - 1, -BigInteger.Pow(2, 64),
        (BigInteger)ulong.MaxValue - 12345, -BigInteger.Pow(2, 64) + 1,
    ];

    private static readonly string[] KeyAlphabet = ["a", "b", "z", "A", "é", "水", "😀", "_", "0", "aa", "ab", "b"];

    private readonly Random _random = new(seed);

    public Random Random => _random;

    public object? Value(int depth = 0)
    {
        var kind = _random.Next(depth >= 5 ? 9 : 11);
        return kind switch
        {
            0 => null,
            1 => _random.Next(2) == 0,
            2 => Integer(),
            3 => Integer(),
            4 => Float(),
            5 => Text(_random.Next(0, 40)),
            6 => Bytes(_random.Next(0, 80)),
            7 => Link(),
            8 => Text(_random.Next(0, 300)),
            9 => List(depth),
            _ => Map(depth),
        };
    }

    public object Integer() => _random.Next(3) switch
    {
        0 => IntegerEdges[_random.Next(IntegerEdges.Length)],
        1 => (long)_random.Next(-1000, 1000),
        _ => _random.NextInt64(long.MinValue, long.MaxValue),
    };

    public double Float()
    {
        switch (_random.Next(4))
        {
            case 0:
                return new[] { 0.0, -0.0, 1.0, -1.5, 1.1, double.Epsilon, double.MaxValue, double.MinValue, 0.1 }[_random.Next(9)];
            case 1:
                return _random.NextDouble() * 1e6;
            default:
                double value;
                do
                {
                    value = BitConverter.Int64BitsToDouble(_random.NextInt64(long.MinValue, long.MaxValue));
                }
                while (!double.IsFinite(value));

                return value;
        }
    }

    public string Text(int length)
    {
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var rune = _random.Next(6) switch
            {
                0 => new Rune(_random.Next(0x20, 0x7f)),
                1 => new Rune(_random.Next(0x00, 0x20)),
                2 => new Rune(_random.Next(0x80, 0x800)),
                3 => new Rune(_random.Next(0x800, 0xd800)),
                4 => new Rune(_random.Next(0xe000, 0x10000)),
                _ => new Rune(_random.Next(0x10000, 0x110000)),
            };
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    public byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        return bytes;
    }

    public Cid Link()
    {
        var data = Bytes(_random.Next(0, 64));
        return _random.Next(4) switch
        {
            0 => Cid.Hash(Multicodec.Raw, data),
            1 => Cid.Create(Multicodec.DagCbor, Multihash.Create(Multicodec.Identity, data)),
            2 => Cid.CreateV0(Multihash.Sha256(data)),
            _ => Cid.Hash(Multicodec.DagCbor, data),
        };
    }

    public List<object?> List(int depth)
    {
        var count = _random.Next(0, 8);
        var list = new List<object?>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(Value(depth + 1));
        }

        return list;
    }

    public Dictionary<string, object?> Map(int depth)
    {
        var count = _random.Next(0, 8);
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            map[Key()] = Value(depth + 1);
        }

        return map;
    }

    private string Key()
    {
        var builder = new StringBuilder();
        var parts = _random.Next(0, 4);
        for (var i = 0; i < parts; i++)
        {
            builder.Append(KeyAlphabet[_random.Next(KeyAlphabet.Length)]);
        }

        return builder.ToString();
    }
}
