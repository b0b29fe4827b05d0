using System.IO.Pipelines;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Tests.Ipld;
using Dealer.Ucan.Transport;

namespace Dealer.Ucan.Tests.Transport;

/// <summary>Hand-built bad CARs and limit breaches, each read from a span, a stream and a trickling pipe.</summary>
[TestFixture(CarReadMode.Span)]
[TestFixture(CarReadMode.Stream)]
[TestFixture(CarReadMode.TricklingPipe)]
public sealed class CarStrictnessTests(CarReadMode mode)
{
    private static readonly Block Hello = Block.Encode(new Dictionary<string, object?> { ["hello"] = "world" });

    [Test]
    public void Rejects_a_header_that_is_not_dag_cbor() =>
        AssertRejected(Frame([0xff]), "Invalid CAR header: Unexpected break code");

    [Test]
    public void Rejects_a_header_that_is_not_canonical_dag_cbor() =>
        AssertRejected(Frame(Convert.FromHexString("a26776657273696f6e0165726f6f747380")), "Invalid CAR header: Map keys are not in DAG-CBOR order");

    [Test]
    public void Rejects_a_header_that_is_not_a_map() =>
        AssertRejected(Frame(DagCbor.Encode(new List<object?> { Hello.Cid, 1L })), "Invalid CAR header: expected a map");

    [Test]
    public void Rejects_a_zero_length_header() =>
        AssertRejected([0x00], "Invalid CAR header (zero length)");

    [Test]
    public void Rejects_the_carv2_pragma_as_version_2() =>
        AssertRejected(Convert.FromHexString("0aa16776657273696f6e02"), "Unsupported CAR version 2");

    [Test]
    public void Rejects_a_header_without_roots() =>
        AssertRejected(Header(new() { ["version"] = 1L }), "Invalid CAR header: missing roots");

    [Test]
    public void Rejects_a_header_with_an_empty_root_list() =>
        AssertRejected(Header(new() { ["roots"] = new List<object?>(), ["version"] = 1L }), "Invalid CAR header: no roots");

    [Test]
    public void Rejects_roots_that_are_not_links() =>
        AssertRejected(Header(new() { ["roots"] = new List<object?> { "bafy" }, ["version"] = 1L }), "roots must be a list of links");

    [Test]
    public void Rejects_a_header_without_a_version() =>
        AssertRejected(Header(new() { ["roots"] = new List<object?> { Hello.Cid } }), "Invalid CAR header: missing version");

    [Test]
    public void Rejects_a_version_that_is_not_an_integer() =>
        AssertRejected(Header(new() { ["roots"] = new List<object?> { Hello.Cid }, ["version"] = "1" }), "version must be an integer");

    [Test]
    public void Rejects_unknown_header_keys() =>
        AssertRejected(Header(new() { ["roots"] = new List<object?> { Hello.Cid }, ["version"] = 1L, ["extra"] = true }), "unexpected key \"extra\"");

    [Test]
    public void Rejects_a_header_over_the_header_size_limit() =>
        AssertRejected(VectorFiles.Bytes("b-deal-offer-request.car"), "CAR header of 58 bytes exceeds the limit of 50 bytes", CarLimits.Default with { MaxHeaderSize = 50 });

    [Test]
    public void Rejects_a_block_whose_bytes_do_not_hash_to_its_cid()
    {
        var bytes = VectorFiles.Bytes("b-deal-offer-request.car");
        bytes[^1] ^= 0x01;

        AssertRejected(bytes, "Block bafyreiak4mgvfpm5qqz4bciu2gaogx35luohf2rqqp4ds647phn65hunrm does not match its CID (hash mismatch)");
    }

    [Test]
    public void Rejects_a_block_over_the_block_size_limit() =>
        AssertRejected(VectorFiles.Bytes("b-deal-offer-request.car"),
            "Block bafyreidiynloemtog62wd4rnm7bqyedgqhhw45ppyjwt6unav4fzanpwjm of 259 bytes exceeds the block size limit of 200 bytes",
            CarLimits.Default with { MaxBlockSize = 200 });

    [Test]
    public void Rejects_a_section_declaring_more_than_the_block_size_limit_before_reading_it() =>
        AssertRejected([.. Roots(Hello.Cid), .. Varint.Encode(64 << 20)], "CAR section of 67108864 bytes exceeds the block size limit");

    [Test]
    public void Rejects_more_blocks_than_the_limit() =>
        AssertRejected(VectorFiles.Bytes("b-deal-offer-request.car"), "more than the limit of 3 blocks", CarLimits.Default with { MaxBlocks = 3 });

    [Test]
    public void Counts_duplicate_sections_against_the_block_limit() =>
        AssertRejected([.. Roots(Hello.Cid), .. Section(Hello), .. Section(Hello), .. Section(Hello)], "more than the limit of 2 blocks", CarLimits.Default with { MaxBlocks = 2 });

    [Test]
    public void Rejects_a_car_over_the_total_size_limit() =>
        AssertRejected(VectorFiles.Bytes("b-deal-offer-request.car"), "exceeds the size limit of 1000 bytes", CarLimits.Default with { MaxTotalSize = 1000 });

    [Test]
    public void Rejects_a_truncated_section()
    {
        var bytes = VectorFiles.Bytes("b-deal-offer-request.car");

        AssertRejected(bytes[..^1], "CAR is truncated: a frame of 109 bytes was declared but only 108 remain");
    }

    [Test]
    public void Rejects_a_truncated_header() =>
        AssertRejected(VectorFiles.Bytes("b-deal-offer-request.car")[..30], "CAR is truncated: a frame of 58 bytes was declared but only 29 remain");

    [Test]
    public void Rejects_a_section_length_varint_longer_than_nine_bytes() =>
        AssertRejected([.. Roots(Hello.Cid), 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "Invalid CAR section length: Varint is longer than 9 bytes");

    [Test]
    public void Rejects_a_section_length_varint_with_padding() =>
        AssertRejected([.. Roots(Hello.Cid), 0x81, 0x00, 0x00], "Invalid CAR section length: Varint is not minimally encoded");

    [Test]
    public void Rejects_input_ending_inside_a_length_varint() =>
        AssertRejected([.. Roots(Hello.Cid), 0x80], "Invalid CAR section length: Varint is truncated");

    [Test]
    public void Rejects_a_zero_length_section() =>
        AssertRejected([.. Roots(Hello.Cid), 0x00], "Invalid CAR section (zero length)");

    [Test]
    public void Rejects_a_section_that_does_not_start_with_a_cid() =>
        AssertRejected([.. Roots(Hello.Cid), 0x03, 0x02, 0x71, 0x12], "Invalid CID in CAR section 1: Unsupported CID version 2");

    [Test]
    public void Rejects_blocks_hashed_with_a_function_it_cannot_verify()
    {
        var cid = Cid.Create(Multicodec.DagCbor, Multihash.Create(0xb220, new byte[32]));

        AssertRejected([.. Roots(cid), .. Section(Block.Create(cid, Hello.Bytes))], "uses multihash 0xb220; only sha2-256 and identity");
    }

    [Test]
    public void Rejects_empty_input() =>
        AssertRejected([], "the input is empty");

    [Test]
    public async Task Keeps_the_first_copy_of_a_repeated_block()
    {
        var other = Block.Encode("other");
        byte[] bytes = [.. Roots(Hello.Cid), .. Section(Hello), .. Section(other), .. Section(Hello)];

        var car = await CarReading.ReadAsync(mode, bytes);

        Assert.That(car.Blocks.Select(b => b.Cid), Is.EqualTo(new[] { Hello.Cid, other.Cid }));
        Assert.That(Car.Encode(car), Is.EqualTo(bytes[..^Section(Hello).Length]));
    }

    [Test]
    public async Task Accepts_a_car_with_a_header_and_no_blocks()
    {
        var car = await CarReading.ReadAsync(mode, Roots(Hello.Cid));

        Assert.That(car.Roots, Is.EqualTo(new[] { Hello.Cid }));
        Assert.That(car.Blocks, Is.Empty);
    }

    private void AssertRejected(byte[] bytes, string fragment, CarLimits? limits = null) =>
        Assert.That(async () => await CarReading.ReadAsync(mode, bytes, limits),
            Throws.TypeOf<CarException>().With.Message.Contains(fragment));

    private static byte[] Frame(byte[] payload) => [.. Varint.Encode((ulong)payload.Length), .. payload];

    private static byte[] Header(Dictionary<string, object?> header) => Frame(DagCbor.Encode(header));

    private static byte[] Roots(Cid root) => Header(new() { ["roots"] = new List<object?> { root }, ["version"] = 1L });

    private static byte[] Section(Block block) => Frame([.. block.Cid.Bytes, .. block.Bytes.Span]);
}
