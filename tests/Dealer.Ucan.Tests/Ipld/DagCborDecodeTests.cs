using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Tests.Ipld;

/// <summary>The decoding entry points: span, memory and array inputs, and nesting up to the depth ceiling.</summary>
public sealed class DagCborDecodeTests
{
    private static readonly byte[] HelloWorld = Convert.FromHexString("a16568656c6c6f65776f726c64");

    [Test]
    public void Decodes_from_a_slice_of_a_larger_buffer_and_names_offsets_within_the_slice()
    {
        var buffer = new byte[] { 0xde, 0xad }.Concat(HelloWorld).Concat(new byte[] { 0xbe, 0xef }).ToArray();
        var slice = new ReadOnlyMemory<byte>(buffer, 2, HelloWorld.Length);
        var broken = new ReadOnlyMemory<byte>(buffer, 2, HelloWorld.Length + 1);

        Assert.That(DagCbor.Decode(slice), Is.EqualTo(new Dictionary<string, object?> { ["hello"] = "world" }));
        Assert.That(() => DagCbor.Decode(broken),
            Throws.TypeOf<DagCborException>().With.Message.EqualTo("1 trailing byte(s) after the DAG-CBOR value (at byte 13)."));
    }

    [Test]
    public void Span_memory_and_array_inputs_decode_to_the_same_value()
    {
        var bytes = DagCbor.Encode(new Dictionary<string, object?> { ["a"] = new List<object?> { 1L, "x", new byte[] { 7 } } });

        var fromArray = DagCbor.Decode(bytes);

        IpldAssert.AreEqual(fromArray, DagCbor.Decode(bytes.AsSpan()));
        IpldAssert.AreEqual(fromArray, DagCbor.Decode(new ReadOnlyMemory<byte>(bytes)));
    }

    [Test]
    public void Byte_strings_decoded_from_memory_do_not_alias_the_input()
    {
        var bytes = DagCbor.Encode(new byte[] { 1, 2, 3 });

        var decoded = (byte[])DagCbor.Decode(new ReadOnlyMemory<byte>(bytes))!;
        bytes[^1] = 9;

        Assert.That(decoded, Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void A_block_decodes_its_bytes_in_place()
    {
        var block = Block.Create(Cid.Hash(Multicodec.DagCbor, HelloWorld), new ReadOnlyMemory<byte>(HelloWorld));

        Assert.That(block.Decode(), Is.EqualTo(new Dictionary<string, object?> { ["hello"] = "world" }));
    }

    [TestCase(65)]
    [TestCase(500)]
    [TestCase(DagCborLimits.DepthCeiling)]
    public void Decodes_lists_and_maps_nested_deeper_than_64_levels_when_the_limits_allow_it(int depth)
    {
        // Alternately [x] and {"k": x}, around the text string "leaf".
        var bytes = new List<byte>();
        for (var i = 0; i < depth; i++)
        {
            bytes.AddRange(i % 2 == 0 ? [0x81] : [0xa1, 0x61, 0x6b]);
        }

        bytes.AddRange([0x64, .. "leaf"u8]);
        var limits = new DagCborLimits { MaxDepth = depth };

        var value = DagCbor.Decode(bytes.ToArray(), limits);

        for (var i = 0; i < depth; i++)
        {
            value = i % 2 == 0 ? ((List<object?>)value!).Single() : ((Dictionary<string, object?>)value!)["k"];
        }

        Assert.That(value, Is.EqualTo("leaf"));
        Assert.That(() => DagCbor.Decode(bytes.ToArray(), limits with { MaxDepth = depth - 1 }),
            Throws.TypeOf<DagCborException>().With.Message.Contains($"Nesting depth exceeds the limit of {depth - 1}"));
    }

    [Test]
    public void A_value_nested_500_levels_deep_round_trips()
    {
        object? value = 0L;
        for (var i = 0; i < 500; i++)
        {
            value = i % 2 == 0 ? new List<object?> { value, (long)i } : new Dictionary<string, object?> { ["k"] = value };
        }

        var bytes = DagCbor.Encode(value);

        IpldAssert.AreEqual(value, DagCbor.Decode(bytes, new DagCborLimits { MaxDepth = 500 }));
    }

    [Test]
    public void A_truncated_entry_deep_in_a_nested_value_is_reported_where_the_data_ends()
    {
        // [["aa", <missing>]]: the inner list declares two entries and the input ends after one.
        var bytes = Convert.FromHexString("8182626161");

        Assert.That(() => DagCbor.Decode(bytes),
            Throws.TypeOf<DagCborException>().With.Message.EqualTo("Unexpected end of data (at byte 5)."));
    }
}
