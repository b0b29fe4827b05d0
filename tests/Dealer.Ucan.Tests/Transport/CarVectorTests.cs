using Dealer.Ucan.Ipld;
using Dealer.Ucan.Tests.Ipld;
using Dealer.Ucan.Transport;

namespace Dealer.Ucan.Tests.Transport;

/// <summary>CARs written by the JS stack (@ipld/car 5.4.7 via @ucanto/core).</summary>
public sealed class CarVectorTests
{
    private static IEnumerable<TestCaseData> Vectors() =>
        from name in VectorFiles.CarNames()
        from mode in Enum.GetValues<CarReadMode>()
        select new TestCaseData(name, mode);

    [TestCaseSource(nameof(Vectors))]
    public async Task Every_vector_decodes_verifies_and_re_encodes_byte_for_byte(string name, CarReadMode mode)
    {
        var bytes = VectorFiles.Bytes(name);

        var car = await CarReading.ReadAsync(mode, bytes);

        Assert.That(car.Roots, Has.Count.EqualTo(1));
        Assert.That(car.Blocks.Contains(car.Roots[0]), Is.True, "the root block is in the CAR");
        Assert.That(car.Blocks.Select(b => b.Verify()), Is.All.True);
        Assert.That(Car.Encode(car.Roots, car.Blocks), Is.EqualTo(bytes));
    }

    [Test]
    public void Vector_b_has_the_framing_the_section_dump_describes()
    {
        var bytes = VectorFiles.Bytes("b-deal-offer-request.car");
        var json = VectorFiles.Json("b-deal-offer-request.json");
        var dump = json.GetProperty("dump");

        var car = Car.Decode(bytes);

        Assert.That(bytes, Has.Length.EqualTo(1126));
        Assert.That(bytes[0], Is.EqualTo(58), "header varint");
        Assert.That(Convert.ToHexStringLower(bytes.AsSpan(1, 58)), Is.EqualTo(dump.GetProperty("header").GetProperty("headerHex").GetString()));
        Assert.That(car.Roots.Single().ToString(), Is.EqualTo(json.GetProperty("messageRoot").GetString()));
        Assert.That(car.Blocks.Select(b => b.Cid.ToString()),
            Is.EqualTo(json.GetProperty("expectedBlocksInOrder").EnumerateArray().Select(e => e.GetString())));

        var sections = dump.GetProperty("sections").EnumerateArray().ToList();
        var blocks = car.Blocks.ToList();
        Assert.That(blocks, Has.Count.EqualTo(sections.Count));
        for (var i = 0; i < sections.Count; i++)
        {
            var section = sections[i];
            var offset = section.GetProperty("offset").GetInt32();
            var cidHex = section.GetProperty("cidBytesHex").GetString()!;
            Assert.That(Convert.ToHexStringLower(blocks[i].Cid.Bytes), Is.EqualTo(cidHex), $"section {i} CID");
            Assert.That(blocks[i].Bytes.Length, Is.EqualTo(section.GetProperty("dataLength").GetInt32()), $"section {i} length");
            var headerBytes = section.GetProperty("varintBytes").GetInt32();
            Assert.That(section.GetProperty("varintSectionLength").GetInt32(), Is.EqualTo(blocks[i].Cid.Bytes.Length + blocks[i].Bytes.Length), $"section {i} varint");
            Assert.That(Convert.ToHexStringLower(bytes.AsSpan(offset + headerBytes, cidHex.Length / 2)), Is.EqualTo(cidHex), $"section {i} offset");
        }
    }

    [Test]
    public void Vector_b_rebuilt_from_its_blocks_in_js_order_is_identical()
    {
        var original = Car.Decode(VectorFiles.Bytes("b-deal-offer-request.car"));
        var pieces = VectorFiles.Json("pieces.json").GetProperty("piecesBlock");
        var piecesBlock = Block.Create(Cid.Parse(pieces.GetProperty("cid").GetString()!), Convert.FromHexString(pieces.GetProperty("bytesHex").GetString()!));

        // Re-create every dag-cbor block from its decoded value; blocks are written in the order given, duplicates once.
        var rebuilt = original.Blocks.Select(b => b.Cid == piecesBlock.Cid ? piecesBlock : Block.Encode(b.Decode())).ToList();
        var bytes = Car.Encode([original.Roots[0]], rebuilt.Concat(rebuilt.Take(2)));

        Assert.That(bytes, Is.EqualTo(VectorFiles.Bytes("b-deal-offer-request.car")));
    }

    [Test]
    public void The_delegation_archive_of_vector_a_holds_the_raw_ucan_block()
    {
        var car = Car.Decode(VectorFiles.Bytes("a-delegation-deal-offer.car"));
        var ucan = VectorFiles.Bytes("a-delegation-deal-offer.ucan.cbor");
        var root = (Dictionary<string, object?>)car.Blocks.Single(b => b.Cid == car.Roots[0]).Decode()!;

        Assert.That(root.Keys, Is.EqualTo(new[] { "ucan@0.9.1" }));
        var link = (Cid)root["ucan@0.9.1"]!;
        Assert.That(link.ToString(), Is.EqualTo("bafyreidiynloemtog62wd4rnm7bqyedgqhhw45ppyjwt6unav4fzanpwjm"));
        Assert.That(car.Blocks.TryGet(link, out var block), Is.True);
        Assert.That(block!.Bytes.ToArray(), Is.EqualTo(ucan));
    }
}
