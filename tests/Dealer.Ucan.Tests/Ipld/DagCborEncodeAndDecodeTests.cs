using System.Numerics;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;

namespace Dealer.Ucan.Tests.Ipld;

/// <summary>
/// The encoder's by-product (the decoded form built while writing) must be exactly what decoding the bytes gives:
/// issued receipts and UCANs are viewed from it instead of from their bytes.
/// </summary>
public sealed class DagCborEncodeAndDecodeTests
{
    private const int Seed = 20250311;

    [Test]
    public void Random_values_come_back_as_decoding_the_bytes_would_give_them()
    {
        var generator = new IpldGenerator(Seed);
        for (var i = 0; i < 2000; i++)
        {
            var value = generator.Value();

            var bytes = DagCbor.EncodeAndDecode(value, out var decoded);

            Assert.That(bytes, Is.EqualTo(DagCbor.Encode(value)), $"case {i}");
            AssertSame(DagCbor.Decode(bytes), decoded, $"case {i}");
        }
    }

    [Test]
    public void Other_clr_shapes_come_back_in_the_decoded_types_and_canonical_key_order()
    {
        var payload = new byte[] { 1, 2, 3 };
        var value = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["zz"] = new object?[] { 1, 2u, (short)-3, (ushort)4, (byte)5, (sbyte)-6, 7UL, ulong.MaxValue, 1.5f },
            ["b"] = new SortedDictionary<string, object?>(StringComparer.Ordinal) { ["long key"] = new BigInteger(42), ["k"] = BigInteger.Pow(2, 64) - 1 },
            ["a"] = new ReadOnlyMemory<byte>(payload),
            ["ccc"] = payload,
            ["dd"] = Enumerable.Range(0, 3).Select(static n => (object?)(long)n),
        };

        var bytes = DagCbor.EncodeAndDecode(value, out var decoded);

        AssertSame(DagCbor.Decode(bytes), decoded, "$");
        var map = (Dictionary<string, object?>)decoded!;
        Assert.Multiple(() =>
        {
            Assert.That(map.Keys, Is.EqualTo(new[] { "a", "b", "dd", "zz", "ccc" }));
            Assert.That(map["ccc"], Is.Not.SameAs(payload), "byte strings are copies, as decoded ones are");
        });
    }

    [Test]
    public void A_value_nested_deeper_than_the_decoder_allows_is_refused_as_decoding_would_refuse_it()
    {
        object? value = 1L;
        for (var i = 0; i < DagCborLimits.Default.MaxDepth + 1; i++)
        {
            value = new List<object?> { value };
        }

        var expected = Assert.Catch<DagCborException>(() => DagCbor.Decode(DagCbor.Encode(value)));
        var actual = Assert.Catch<DagCborException>(() => DagCbor.EncodeAndDecode(value, out _));
        Assert.That(actual!.Message, Is.EqualTo(expected!.Message));
    }

    [Test]
    public void A_map_of_encoded_values_is_byte_identical_to_encoding_the_map()
    {
        var signature = new byte[300];
        var map = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["b"] = true,
            ["aa"] = new List<object?> { "x", 1L },
            ["a key longer than twenty-three bytes"] = signature,
            [new string('k', 300)] = null,
        };
        var entries = map
            .OrderBy(static e => System.Text.Encoding.UTF8.GetByteCount(e.Key))
            .ThenBy(static e => e.Key, StringComparer.Ordinal)
            .Select(static e => new KeyValuePair<string, ReadOnlyMemory<byte>>(e.Key, DagCbor.Encode(e.Value)))
            .ToArray();

        Assert.That(DagCbor.EncodeMap(entries), Is.EqualTo(DagCbor.Encode(map)));
    }

    [Test]
    public void A_map_of_encoded_values_out_of_key_order_is_refused()
    {
        var one = DagCbor.Encode(1L);
        Assert.Multiple(() =>
        {
            Assert.That(() => DagCbor.EncodeMap([new("aa", one), new("b", one)]), Throws.ArgumentException);
            Assert.That(() => DagCbor.EncodeMap([new("a", one), new("a", one)]), Throws.ArgumentException);
        });
    }

    /// <summary>Same CLR types, same values, same map key order, all the way down.</summary>
    private static void AssertSame(object? expected, object? actual, string path)
    {
        IpldAssert.AreEqual(expected, actual, path);
        switch (expected)
        {
            case Dictionary<string, object?> map:
                var actualMap = (Dictionary<string, object?>)actual!;
                Assert.That(actualMap.Keys, Is.EqualTo(map.Keys), $"{path}: key order");
                Assert.That(actualMap.Comparer, Is.SameAs(map.Comparer), $"{path}: comparer");
                foreach (var (key, item) in map)
                {
                    AssertSame(item, actualMap[key], $"{path}.{key}");
                }

                break;
            case List<object?> list:
                var actualList = (List<object?>)actual!;
                for (var i = 0; i < list.Count; i++)
                {
                    AssertSame(list[i], actualList[i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.That(actual?.GetType(), Is.EqualTo(expected?.GetType()), $"{path}: type");
                break;
        }
    }
}
