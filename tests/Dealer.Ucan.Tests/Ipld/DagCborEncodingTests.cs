using System.Collections;
using System.Numerics;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Tests.Ipld;

public sealed class DagCborEncodingTests
{
    private static readonly BigInteger TwoTo64 = BigInteger.Pow(2, 64);

    // Expected bytes from RFC 8949 appendix A where it has them; floats are always the 64-bit form in DAG-CBOR.
    private static IEnumerable<TestCaseData> KnownAnswers()
    {
        yield return new TestCaseData(0L, "00");
        yield return new TestCaseData(23L, "17");
        yield return new TestCaseData(24L, "1818");
        yield return new TestCaseData(255L, "18ff");
        yield return new TestCaseData(256L, "190100");
        yield return new TestCaseData(65535L, "19ffff");
        yield return new TestCaseData(65536L, "1a00010000");
        yield return new TestCaseData(4294967295L, "1affffffff");
        yield return new TestCaseData(4294967296L, "1b0000000100000000");
        yield return new TestCaseData(long.MaxValue, "1b7fffffffffffffff");
        yield return new TestCaseData(BigInteger.Pow(2, 63), "1b8000000000000000");
        yield return new TestCaseData(TwoTo64 - 1, "1bffffffffffffffff");
        yield return new TestCaseData(-1L, "20");
        yield return new TestCaseData(-24L, "37");
        yield return new TestCaseData(-25L, "3818");
        yield return new TestCaseData(-256L, "38ff");
        yield return new TestCaseData(-257L, "390100");
        yield return new TestCaseData(-4294967296L, "3affffffff");
        yield return new TestCaseData(-4294967297L, "3b0000000100000000");
        yield return new TestCaseData(long.MinValue, "3b7fffffffffffffff");
        yield return new TestCaseData(-BigInteger.Pow(2, 63) - 1, "3b8000000000000000");
        yield return new TestCaseData(-TwoTo64, "3bffffffffffffffff");
        yield return new TestCaseData(1.0, "fb3ff0000000000000");
        yield return new TestCaseData(1.1, "fb3ff199999999999a");
        yield return new TestCaseData(-0.0, "fb8000000000000000");
        yield return new TestCaseData(100000.0, "fb40f86a0000000000");
        yield return new TestCaseData(null, "f6");
        yield return new TestCaseData(true, "f5");
        yield return new TestCaseData(false, "f4");
        yield return new TestCaseData("", "60");
        yield return new TestCaseData("a", "6161");
        yield return new TestCaseData("\u00fc", "62c3bc");
        yield return new TestCaseData("\u6c34", "63e6b0b4");
        yield return new TestCaseData("\ud800\udd51", "64f0908591");
        yield return new TestCaseData(new byte[] { 1, 2, 3, 4 }, "4401020304");
        yield return new TestCaseData(new List<object?>(), "80");
        yield return new TestCaseData(new List<object?> { 1L, new List<object?> { 2L, 3L } }, "8201820203");
        yield return new TestCaseData(new Dictionary<string, object?>(), "a0");
        yield return new TestCaseData(new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new List<object?> { 2L, 3L } }, "a26161016162820203");
    }

    [TestCaseSource(nameof(KnownAnswers))]
    public void Encodes_known_values_canonically_and_decodes_them_back(object? value, string hex)
    {
        var bytes = DagCbor.Encode(value);

        Assert.That(Convert.ToHexStringLower(bytes), Is.EqualTo(hex));
        IpldAssert.AreEqual(value, DagCbor.Decode(bytes));
    }

    [Test]
    public void Sorts_map_keys_by_utf8_length_first_then_bytewise()
    {
        // "é" is one UTF-16 unit but two UTF-8 bytes, so it sorts after every one-byte key and before "aaa".
        var map = new Dictionary<string, object?>
        {
            ["aaa"] = 0L,
            ["é"] = 1L,
            ["b"] = 2L,
            ["aa"] = 3L,
            ["Z"] = 4L,
            ["ab"] = 5L,
            [""] = 6L,
        };

        var decoded = (Dictionary<string, object?>)DagCbor.Decode(DagCbor.Encode(map))!;

        Assert.That(decoded.Keys, Is.EqualTo(new[] { "", "Z", "b", "aa", "ab", "é", "aaa" }));
    }

    [Test]
    public void Encodes_the_car_header_of_vector_b_byte_for_byte()
    {
        var root = Cid.Parse("bafyreiak4mgvfpm5qqz4bciu2gaogx35luohf2rqqp4ds647phn65hunrm");

        var bytes = DagCbor.Encode(new Dictionary<string, object?> { ["version"] = 1, ["roots"] = new[] { root } });

        Assert.That(Convert.ToHexStringLower(bytes), Is.EqualTo(
            "a265726f6f747381d82a582500017112200ae30d52bd9d8433c08914d180e35f7d5d1c72ea3083f8397b9f79dbee9e8d8b6776657273696f6e01"));
    }

    [Test]
    public void Encodes_a_link_as_tag_42_over_a_zero_prefixed_cid_and_reads_it_back_as_a_cid()
    {
        var cid = Cid.Hash(Multicodec.Raw, "hello"u8);

        var bytes = DagCbor.Encode(cid);

        Assert.That(Convert.ToHexStringLower(bytes), Is.EqualTo("d82a582500" + Convert.ToHexStringLower(cid.Bytes)));
        Assert.That(DagCbor.Decode(bytes), Is.EqualTo(cid));
    }

    [Test]
    public void Accepts_the_other_clr_shapes_of_the_data_model()
    {
        var shapes = new Dictionary<string, object?>
        {
            ["int"] = 7,
            ["uint"] = 7u,
            ["ulong"] = ulong.MaxValue,
            ["short"] = (short)-7,
            ["ushort"] = (ushort)7,
            ["byte"] = (byte)7,
            ["sbyte"] = (sbyte)-7,
            ["float"] = 1.5f,
            ["memory"] = new ReadOnlyMemory<byte>([1, 2]),
            ["array"] = new object?[] { 1L, "x" },
            ["longs"] = new List<long> { 1, 2 },
            ["strings"] = new Dictionary<string, string> { ["k"] = "v" },
            ["lazy"] = Enumerable.Range(0, 3).Select(i => (object?)(long)i),
            ["hashtable"] = new Hashtable { ["k"] = 1L },
        };

        var decoded = (Dictionary<string, object?>)DagCbor.Decode(DagCbor.Encode(shapes))!;

        Assert.Multiple(() =>
        {
            Assert.That(decoded["int"], Is.EqualTo(7L));
            Assert.That(decoded["uint"], Is.EqualTo(7L));
            Assert.That(decoded["ulong"], Is.EqualTo(new BigInteger(ulong.MaxValue)));
            Assert.That(decoded["short"], Is.EqualTo(-7L));
            Assert.That(decoded["ushort"], Is.EqualTo(7L));
            Assert.That(decoded["byte"], Is.EqualTo(7L));
            Assert.That(decoded["sbyte"], Is.EqualTo(-7L));
            Assert.That(decoded["float"], Is.EqualTo(1.5));
            Assert.That(decoded["memory"], Is.EqualTo(new byte[] { 1, 2 }));
            Assert.That(decoded["array"], Is.EqualTo(new object?[] { 1L, "x" }));
            Assert.That(decoded["longs"], Is.EqualTo(new object?[] { 1L, 2L }));
            Assert.That(decoded["strings"], Is.EqualTo(new Dictionary<string, object?> { ["k"] = "v" }));
            Assert.That(decoded["lazy"], Is.EqualTo(new object?[] { 0L, 1L, 2L }));
            Assert.That(decoded["hashtable"], Is.EqualTo(new Dictionary<string, object?> { ["k"] = 1L }));
        });
    }

    [TestCase(0.5, "fb3fe0000000000000", TestName = "0.5 fits in half precision")]
    [TestCase(65504.0, "fb40effc0000000000", TestName = "the largest half-precision value")]
    [TestCase(5.960464477539063e-8, "fb3e70000000000000", TestName = "the smallest half-precision subnormal")]
    [TestCase(16777216.0, "fb4170000000000000", TestName = "2^24 fits in single precision")]
    [TestCase(3.4028234663852886e38, "fb47efffffe0000000", TestName = "the largest single-precision value")]
    [TestCase(16777217.0, "fb4170000010000000", TestName = "2^24 + 1 needs double precision")]
    public void Floats_always_encode_as_64_bit_even_when_a_shorter_form_is_exact(double value, string hex)
    {
        var bytes = DagCbor.Encode(value);

        Assert.That(Convert.ToHexStringLower(bytes), Is.EqualTo(hex));
        Assert.That(DagCbor.Decode(bytes), Is.EqualTo(value));
    }

    [Test]
    public void A_single_precision_float_is_widened_to_64_bit()
    {
        Assert.That(Convert.ToHexStringLower(DagCbor.Encode(1.5f)), Is.EqualTo("fb3ff8000000000000"));
    }

    [Test]
    public void An_encoding_started_while_enumerating_a_value_does_not_disturb_the_outer_encoding()
    {
        // The inner Encode runs in the middle of the outer one, on the same thread.
        var lazy = Enumerable.Range(0, 3).Select(i => (object?)DagCbor.Encode(new Dictionary<string, object?> { ["i"] = (long)i }));
        var value = new Dictionary<string, object?> { ["inner"] = lazy, ["after"] = "end" };

        var bytes = DagCbor.Encode(value);

        var expected = new Dictionary<string, object?>
        {
            ["inner"] = new List<object?>
            {
                Convert.FromHexString("a1616900"), Convert.FromHexString("a1616901"), Convert.FromHexString("a1616902"),
            },
            ["after"] = "end",
        };
        Assert.That(bytes, Is.EqualTo(DagCbor.Encode(expected)));
        IpldAssert.AreEqual(expected, DagCbor.Decode(bytes));
    }

    [Test]
    public void A_failed_encoding_leaves_nothing_behind_for_the_next_one()
    {
        Assert.That(() => DagCbor.Encode(new List<object?> { 1L, new List<object?> { "x", double.NaN } }), Throws.ArgumentException);

        Assert.That(Convert.ToHexStringLower(DagCbor.Encode(new List<object?> { 1L })), Is.EqualTo("8101"));
    }

    [TestCase(double.NaN, "NaN")]
    [TestCase(double.PositiveInfinity, "infinities")]
    [TestCase(double.NegativeInfinity, "infinities")]
    public void Refuses_to_encode_non_finite_floats(double value, string fragment)
    {
        Assert.That(() => DagCbor.Encode(new List<object?> { value }),
            Throws.ArgumentException.With.Message.Contains(fragment));
    }

    [Test]
    public void Refuses_to_encode_integers_beyond_plus_or_minus_two_to_the_64()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => DagCbor.Encode(TwoTo64), Throws.ArgumentException.With.Message.Contains("above the DAG-CBOR maximum"));
            Assert.That(() => DagCbor.Encode(-TwoTo64 - 1), Throws.ArgumentException.With.Message.Contains("below the DAG-CBOR minimum"));
        });
    }

    [Test]
    public void Refuses_to_encode_strings_with_lone_surrogates_unsupported_types_and_non_string_keys()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => DagCbor.Encode("a\ud800"), Throws.ArgumentException.With.Message.Contains("lone surrogate"));
            Assert.That(() => DagCbor.Encode(new Dictionary<string, object?> { ["\udc00"] = 1L }),
                Throws.ArgumentException.With.Message.Contains("lone surrogate"));
            Assert.That(() => DagCbor.Encode(DateTime.UnixEpoch), Throws.ArgumentException.With.Message.Contains("System.DateTime"));
            Assert.That(() => DagCbor.Encode(new Hashtable { [1] = 1L }), Throws.ArgumentException.With.Message.Contains("keys must be strings"));
        });
    }

    [Test]
    public void Refuses_to_encode_a_cyclic_list_instead_of_overflowing_the_stack()
    {
        var list = new List<object?>();
        list.Add(list);

        Assert.That(() => DagCbor.Encode(list), Throws.ArgumentException.With.Message.Contains("a cycle?"));
    }
}
