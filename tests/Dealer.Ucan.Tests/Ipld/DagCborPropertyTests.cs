using Dealer.Ucan.Ipld.Codecs;

namespace Dealer.Ucan.Tests.Ipld;

/// <summary>Seeded random IPLD values: encode → decode → encode is byte-identical and agrees with an independent reader.</summary>
public sealed class DagCborPropertyTests
{
    private const int Seed = 20240611;

    [Test]
    public void Random_values_round_trip_byte_for_byte()
    {
        var generator = new IpldGenerator(Seed);
        for (var i = 0; i < 2000; i++)
        {
            var value = generator.Value();

            var bytes = DagCbor.Encode(value);
            var decoded = DagCbor.Decode(bytes);

            IpldAssert.AreEqual(value, decoded, $"case {i}");
            Assert.That(DagCbor.Encode(decoded), Is.EqualTo(bytes), $"case {i}");
            IpldAssert.AreEqual(CborOracle.Read(bytes), decoded, $"case {i} (oracle)");
        }
    }

    [Test]
    public void Random_maps_always_come_back_in_length_first_key_order()
    {
        var generator = new IpldGenerator(Seed + 1);
        for (var i = 0; i < 500; i++)
        {
            var map = generator.Map(0);

            var keys = ((Dictionary<string, object?>)DagCbor.Decode(DagCbor.Encode(map))!).Keys
                .Select(k => System.Text.Encoding.UTF8.GetBytes(k)).ToList();

            for (var k = 1; k < keys.Count; k++)
            {
                var previous = keys[k - 1];
                var current = keys[k];
                Assert.That(previous.Length < current.Length
                    || (previous.Length == current.Length && previous.AsSpan().SequenceCompareTo(current) < 0), Is.True, $"case {i}");
            }
        }
    }

    [Test]
    public void Every_strict_prefix_of_a_random_value_is_rejected_as_a_dag_cbor_exception()
    {
        var generator = new IpldGenerator(Seed + 2);
        for (var i = 0; i < 100; i++)
        {
            var bytes = DagCbor.Encode(generator.Map(0));
            for (var length = 0; length < bytes.Length; length++)
            {
                Assert.That(() => DagCbor.Decode(bytes.AsSpan(0, length)), Throws.TypeOf<DagCborException>(), $"case {i}, prefix {length}");
            }
        }
    }

    [Test]
    public void Random_single_byte_corruptions_either_decode_canonically_or_fail_with_a_dag_cbor_exception()
    {
        var generator = new IpldGenerator(Seed + 3);
        for (var i = 0; i < 300; i++)
        {
            var bytes = DagCbor.Encode(generator.List(0));
            if (bytes.Length == 0)
            {
                continue;
            }

            var corrupted = (byte[])bytes.Clone();
            corrupted[generator.Random.Next(corrupted.Length)] ^= (byte)generator.Random.Next(1, 256);

            object? decoded;
            try
            {
                decoded = DagCbor.Decode(corrupted);
            }
            catch (DagCborException)
            {
                continue;
            }

            // Whatever still decodes must be canonical: encoding it gives the corrupted bytes back.
            Assert.That(DagCbor.Encode(decoded), Is.EqualTo(corrupted), $"case {i}");
        }
    }

    [Test]
    public void Key_order_on_strings_is_the_order_of_their_utf8_bytes()
    {
        // ASCII keys are compared as they are, others through their UTF-8: both must agree with the bytes.
        string[] pieces = ["a", "b", "z", "A", "é", "水", "😀", "_", "0", "aa", "\u007f", "\u0080", "\uffff"];
        var random = new Random(Seed + 2);
        for (var i = 0; i < 2000; i++)
        {
            var a = string.Concat(Enumerable.Range(0, random.Next(0, 4)).Select(_ => pieces[random.Next(pieces.Length)]));
            var b = string.Concat(Enumerable.Range(0, random.Next(0, 4)).Select(_ => pieces[random.Next(pieces.Length)]));

            var expected = Math.Sign(DagCborKeyOrder.Compare(System.Text.Encoding.UTF8.GetBytes(a), System.Text.Encoding.UTF8.GetBytes(b)));
            Assert.That(Math.Sign(DagCborKeyOrder.Compare(a, b)), Is.EqualTo(expected), $"\"{a}\" vs \"{b}\"");
        }

        // Length in UTF-8 bytes first ("é" is two, "水" three), then the bytes.
        Assert.That(Dealer.Ucan.Delegations.IpldLinks.SortedKeys(["with", "nb", "水", "can", "é", "a"]),
            Is.EqualTo(new[] { "a", "nb", "é", "can", "水", "with" }));
    }
}
