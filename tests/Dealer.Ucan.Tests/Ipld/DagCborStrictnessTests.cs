using System.Numerics;
using Dealer.Ucan.Ipld.Codecs;

namespace Dealer.Ucan.Tests.Ipld;

/// <summary>Hand-built inputs, one per DAG-CBOR strictness rule and per decoding limit.</summary>
public sealed class DagCborStrictnessTests
{
    // CIDv1 dag-cbor sha2-256 of vector b's message root, without the tag-42 0x00 prefix.
    private const string CidHex = "017112200ae30d52bd9d8433c08914d180e35f7d5d1c72ea3083f8397b9f79dbee9e8d8b";

    [TestCase("a261620161610 2", "not in DAG-CBOR order", TestName = "unsorted map keys")]
    [TestCase("a2626161016162 02", "not in DAG-CBOR order", TestName = "keys sorted bytewise but not length first")]
    [TestCase("a2616101616102", "Duplicate map key \"a\"", TestName = "duplicate map keys")]
    [TestCase("a10102", "Map keys must be text strings, found major type 0", TestName = "integer map key")]
    [TestCase("a1416101", "Map keys must be text strings, found major type 2", TestName = "byte string map key")]
    [TestCase("bf6161 01ff", "Indefinite-length maps", TestName = "indefinite-length map")]
    [TestCase("9f01ff", "Indefinite-length lists", TestName = "indefinite-length array")]
    [TestCase("7f616161 62ff", "Indefinite-length text strings", TestName = "indefinite-length text string")]
    [TestCase("5f4101ff", "Indefinite-length byte strings", TestName = "indefinite-length byte string")]
    [TestCase("ff", "Unexpected break code", TestName = "lone break code")]
    [TestCase("c074323031332d30332d32315432303a30343a30305a", "Tag 0 is not allowed", TestName = "tag 0 (date-time)")]
    [TestCase("c11a514b67b0", "Tag 1 is not allowed", TestName = "tag 1 (epoch time)")]
    [TestCase("d82b40", "Tag 43 is not allowed", TestName = "tag 43")]
    [TestCase("d9002a582500" + CidHex, "not minimally encoded", TestName = "tag 42 with a non-minimal tag number")]
    [TestCase("d82a5824" + CidHex, "0x00 multibase prefix", TestName = "tag 42 without the 0x00 prefix")]
    [TestCase("d82a40", "0x00 multibase prefix", TestName = "tag 42 over empty bytes")]
    [TestCase("d82a6161", "Tag 42 must wrap a byte string", TestName = "tag 42 over a text string")]
    [TestCase("d82a4400017112", "does not contain a valid CID", TestName = "tag 42 over a truncated CID")]
    [TestCase("d82a582600" + CidHex + "00", "does not contain a valid CID", TestName = "tag 42 with bytes after the CID")]
    [TestCase("f7", "undefined is not allowed", TestName = "undefined")]
    [TestCase("f0", "Simple value 16 is not allowed", TestName = "simple value 16")]
    [TestCase("f8ff", "Simple value 255 is not allowed", TestName = "simple value 255 in a following byte")]
    [TestCase("f814", "Simple value 20 is not allowed", TestName = "false in the two-byte simple value form")]
    [TestCase("f817", "Simple value 23 is not allowed", TestName = "undefined in the two-byte simple value form")]
    [TestCase("fc", "Reserved additional information 28 in a simple value", TestName = "reserved simple value encoding")]
    [TestCase("a1ff00", "Unexpected break code", TestName = "break code in place of a map key")]
    [TestCase("d82aff", "Unexpected break code", TestName = "break code in place of a link's bytes")]
    [TestCase("fb7ff8000000000000", "NaN is not allowed", TestName = "NaN")]
    [TestCase("fb7ff0000000000000", "Infinity is not allowed", TestName = "positive infinity")]
    [TestCase("fbfff0000000000000", "-Infinity is not allowed", TestName = "negative infinity")]
    [TestCase("f93c00", "Half-precision floats are not allowed", TestName = "half-precision float")]
    [TestCase("f97e00", "Half-precision floats are not allowed", TestName = "half-precision NaN")]
    [TestCase("fa3f800000", "Single-precision floats are not allowed", TestName = "single-precision float")]
    [TestCase("1805", "Integer or length 5 is not minimally encoded", TestName = "non-minimal int 0x18 0x05")]
    [TestCase("1900ff", "Integer or length 255 is not minimally encoded", TestName = "non-minimal 16-bit int")]
    [TestCase("1a0000ffff", "Integer or length 65535 is not minimally encoded", TestName = "non-minimal 32-bit int")]
    [TestCase("1b00000000ffffffff", "Integer or length 4294967295 is not minimally encoded", TestName = "non-minimal 64-bit int")]
    [TestCase("3805", "Integer or length 5 is not minimally encoded", TestName = "non-minimal negative int")]
    [TestCase("780161", "Integer or length 1 is not minimally encoded", TestName = "non-minimal text length")]
    [TestCase("59000101", "Integer or length 1 is not minimally encoded", TestName = "non-minimal byte string length")]
    [TestCase("980100", "Integer or length 1 is not minimally encoded", TestName = "non-minimal array length")]
    [TestCase("b801616100", "Integer or length 1 is not minimally encoded", TestName = "non-minimal map length")]
    [TestCase("1c", "Reserved additional information 28", TestName = "reserved additional information")]
    [TestCase("1f", "Indefinite-length encoding is not allowed", TestName = "indefinite integer")]
    [TestCase("0000", "1 trailing byte(s)", TestName = "trailing byte")]
    [TestCase("62c328", "Text string is not valid UTF-8", TestName = "invalid UTF-8 continuation")]
    [TestCase("62c0af", "Text string is not valid UTF-8", TestName = "overlong UTF-8")]
    [TestCase("63eda080", "Text string is not valid UTF-8", TestName = "UTF-8 encoded surrogate")]
    [TestCase("a161ff00", "Text string is not valid UTF-8", TestName = "invalid UTF-8 map key")]
    [TestCase("", "Unexpected end of data", TestName = "empty input")]
    [TestCase("6261", "exceeds the remaining 1 byte(s)", TestName = "truncated text string")]
    [TestCase("810102", "1 trailing byte(s)", TestName = "array shorter than its content")]
    [TestCase("828101", "Unexpected end of data", TestName = "truncated array")]
    [TestCase("19ff", "Unexpected end of data", TestName = "truncated integer")]
    [TestCase("fb3ff0", "Unexpected end of data", TestName = "truncated float")]
    [TestCase("9b000000010000000000", "Declared list length 4294967296 exceeds the remaining 1 byte(s)", TestName = "array declaring 2^32 entries in 10 bytes")]
    [TestCase("bb000000010000000000", "Declared map length 4294967296 exceeds the remaining 1 byte(s)", TestName = "map declaring 2^32 entries in 10 bytes")]
    [TestCase("5b000000010000000000", "Declared byte string length 4294967296 exceeds the remaining 1 byte(s)", TestName = "byte string declaring 2^32 bytes in 10 bytes")]
    [TestCase("7bffffffffffffffff00", "Declared text string length 18446744073709551615 exceeds", TestName = "text string declaring 2^64-1 bytes")]
    [TestCase("a2616101", "Declared map length 2 exceeds the remaining 3 byte(s)", TestName = "map declaring more entries than the input can hold")]
    [TestCase("b812", "Integer or length 18 is not minimally encoded", TestName = "non-minimal map length that also exceeds the input")]
    public void Rejects_non_canonical_input(string hex, string fragment)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

        Assert.That(() => DagCbor.Decode(bytes), Throws.TypeOf<DagCborException>().With.Message.Contains(fragment));
    }

    [Test]
    public void Decode_failures_are_format_exceptions_that_name_the_offset()
    {
        var exception = Assert.Throws<DagCborException>(() => DagCbor.Decode(Convert.FromHexString("82011805")));

        Assert.That(exception, Is.InstanceOf<FormatException>());
        Assert.That(exception!.Message, Does.EndWith("(at byte 2)."));
    }

    [Test]
    public void A_declared_length_of_two_to_the_32_fails_without_allocating_for_it()
    {
        var bytes = Convert.FromHexString("9b000000010000000000");
        DecodeIgnoringFailure(bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        DecodeIgnoringFailure(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The exception and its message are all that is allocated; a list of 2^32 slots would be 32 GiB.
        Assert.That(allocated, Is.LessThan(16 * 1024));
    }

    [Test]
    public void Accepts_64_nested_arrays_and_rejects_65()
    {
        var ok = Nested(64);
        var tooDeep = Nested(65);

        Assert.That(DagCbor.Decode(ok), Is.InstanceOf<List<object?>>());
        Assert.That(() => DagCbor.Decode(tooDeep),
            Throws.TypeOf<DagCborException>().With.Message.Contains("Nesting depth exceeds the limit of 64"));
    }

    [Test]
    public void Rejects_nesting_through_maps_as_well_as_lists()
    {
        // {"a": {"a": … }} 65 maps deep.
        var bytes = new List<byte>();
        for (var i = 0; i < 65; i++)
        {
            bytes.AddRange([0xa1, 0x61, 0x61]);
        }

        bytes.Add(0x00);

        Assert.That(() => DagCbor.Decode(bytes.ToArray()),
            Throws.TypeOf<DagCborException>().With.Message.Contains("Nesting depth exceeds the limit of 64"));
    }

    [Test]
    public void Survives_a_megabyte_of_nested_array_heads_without_overflowing_the_stack()
    {
        var bytes = new byte[1 << 20];
        Array.Fill(bytes, (byte)0x81);

        Assert.That(() => DagCbor.Decode(bytes, DagCborLimits.Default with { MaxDepth = DagCborLimits.DepthCeiling }),
            Throws.TypeOf<DagCborException>().With.Message.Contains("Nesting depth exceeds the limit of 1024"));
    }

    [Test]
    public void Honours_a_custom_depth_limit()
    {
        var limits = new DagCborLimits { MaxDepth = 2 };

        Assert.That(DagCbor.Decode(Nested(2), limits), Is.InstanceOf<List<object?>>());
        Assert.That(() => DagCbor.Decode(Nested(3), limits), Throws.TypeOf<DagCborException>().With.Message.Contains("limit of 2"));
    }

    [TestCase("6461616161", "Declared text string length 4 exceeds the limit of 3")]
    [TestCase("a4616100616201616302616403", "Declared map length 4 exceeds the limit of 3")]
    public void Honours_string_and_collection_length_limits(string hex, string fragment)
    {
        var limits = new DagCborLimits { MaxStringLength = 3, MaxCollectionLength = 3 };

        Assert.That(() => DagCbor.Decode(Convert.FromHexString(hex), limits),
            Throws.TypeOf<DagCborException>().With.Message.Contains(fragment));
    }

    [Test]
    public void Honours_the_byte_string_length_limit()
    {
        var limits = new DagCborLimits { MaxBytesLength = 2 };

        Assert.That(DagCbor.Decode(Convert.FromHexString("420102"), limits), Is.EqualTo(new byte[] { 1, 2 }));
        Assert.That(() => DagCbor.Decode(Convert.FromHexString("43010203"), limits),
            Throws.TypeOf<DagCborException>().With.Message.Contains("Declared byte string length 3 exceeds the limit of 2"));
    }

    [Test]
    public void Counts_every_item_against_the_total_item_budget()
    {
        var limits = new DagCborLimits { MaxTotalItems = 4 };

        // [1, 2, 3] is four items; {"a": [1]} is four items (map, key, list, 1); [1, 2, 3, 4] is five.
        Assert.That(DagCbor.Decode(Convert.FromHexString("83010203"), limits), Has.Count.EqualTo(3));
        Assert.That(DagCbor.Decode(Convert.FromHexString("a161618101"), limits), Has.Count.EqualTo(1));
        Assert.That(() => DagCbor.Decode(Convert.FromHexString("8401020304"), limits),
            Throws.TypeOf<DagCborException>().With.Message.Contains("more than 4 data items"));
    }

    [Test]
    public void Rejects_limits_that_cannot_protect_the_stack()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new DagCborLimits { MaxDepth = DagCborLimits.DepthCeiling + 1 }, Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new DagCborLimits { MaxDepth = 0 }, Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new DagCborLimits { MaxTotalItems = 0 }, Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }

    [TestCase("1b8000000000000000", "9223372036854775808")]
    [TestCase("1bffffffffffffffff", "18446744073709551615")]
    [TestCase("3b8000000000000000", "-9223372036854775809")]
    [TestCase("3bffffffffffffffff", "-18446744073709551616")]
    public void Decodes_integers_beyond_long_as_big_integers(string hex, string value)
    {
        Assert.That(DagCbor.Decode(Convert.FromHexString(hex)), Is.EqualTo(BigInteger.Parse(value, null)));
    }

    [TestCase("1b7fffffffffffffff", long.MaxValue)]
    [TestCase("3b7fffffffffffffff", long.MinValue)]
    public void Decodes_integers_within_long_as_long(string hex, long value)
    {
        Assert.That(DagCbor.Decode(Convert.FromHexString(hex)), Is.TypeOf<long>().And.EqualTo(value));
    }

    private static void DecodeIgnoringFailure(byte[] bytes)
    {
        try
        {
            DagCbor.Decode(bytes);
            Assert.Fail("decoding should have failed");
        }
        catch (DagCborException)
        {
            // Expected: only the allocation matters here.
        }
    }

    private static byte[] Nested(int depth)
    {
        var bytes = new byte[depth];
        Array.Fill(bytes, (byte)0x81);
        bytes[^1] = 0x80;
        return bytes;
    }
}
