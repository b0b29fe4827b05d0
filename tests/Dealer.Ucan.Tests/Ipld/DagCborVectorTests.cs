using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;
using Dealer.Ucan.Transport;

namespace Dealer.Ucan.Tests.Ipld;

/// <summary>DAG-CBOR against the bytes the JS stack (@ipld/dag-cbor 9.2.7) wrote.</summary>
public sealed class DagCborVectorTests
{
    private static IEnumerable<string> CarVectors() => VectorFiles.CarNames();

    [TestCaseSource(nameof(CarVectors))]
    public void Every_dag_cbor_block_of_a_vector_re_encodes_to_its_exact_bytes(string name)
    {
        var car = Car.Decode(VectorFiles.Bytes(name));
        var dagCborBlocks = car.Blocks.Where(b => b.Cid.Codec == Multicodec.DagCbor).ToList();

        Assert.That(dagCborBlocks, Is.Not.Empty);
        foreach (var block in dagCborBlocks)
        {
            var value = block.Decode();
            var again = DagCbor.Encode(value);

            Assert.That(again, Is.EqualTo(block.Bytes.ToArray()), $"{name}: block {block.Cid}");
            Assert.That(Block.Encode(value).Cid, Is.EqualTo(block.Cid), $"{name}: CID of block {block.Cid}");
            IpldAssert.AreEqual(CborOracle.Read(again), value, $"{name}:{block.Cid}");
        }
    }

    // The UCAN keys in DAG-CBOR order: shorter first, so the signature "s" leads.
    [TestCase("a-delegation-deal-offer.ucan.cbor", "bafyreidiynloemtog62wd4rnm7bqyedgqhhw45ppyjwt6unav4fzanpwjm", "s v att aud exp iss prf")]
    [TestCase("d-deal-add-effect.ucan.cbor", "bafyreibdjhq7jleujldv4wqz6nqh7lxoge36ogsrunztv3srn6ce5ycxxm", "s v att aud exp iss prf")]
    public void A_raw_ucan_block_decodes_and_re_encodes_identically(string name, string cid, string keys)
    {
        var bytes = VectorFiles.Bytes(name);

        var value = DagCbor.Decode(bytes);

        Assert.That(DagCbor.Encode(value), Is.EqualTo(bytes));
        Assert.That(Cid.Hash(Multicodec.DagCbor, bytes).ToString(), Is.EqualTo(cid));
        var ucan = (Dictionary<string, object?>)value!;
        Assert.That(ucan.Keys, Is.EqualTo(keys.Split(' ')));
        Assert.That(ucan["v"], Is.EqualTo("0.9.1"));
    }

    [Test]
    public void The_delegation_of_vector_a_has_the_fields_the_section_dump_shows()
    {
        var ucan = (Dictionary<string, object?>)DagCbor.Decode(VectorFiles.Bytes("a-delegation-deal-offer.ucan.cbor"))!;
        var att = (List<object?>)ucan["att"]!;
        var capability = (Dictionary<string, object?>)att[0]!;

        Assert.Multiple(() =>
        {
            Assert.That(ucan["exp"], Is.EqualTo(4102444800L));
            Assert.That(ucan["prf"], Is.Empty);
            Assert.That(capability["can"], Is.EqualTo("deal/offer"));
            Assert.That(capability["with"], Is.EqualTo("did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX"));
            Assert.That(Convert.ToBase64String((byte[])ucan["iss"]!).TrimEnd('='), Is.EqualTo("7QGKiOPddAnxlf1S2y08ul1yymcJvx2UEhvzdIgBtA9vXA"));
        });
    }

    [Test]
    public void The_pieces_block_decodes_to_three_piece_links_and_re_encodes_identically()
    {
        var json = VectorFiles.Json("pieces.json").GetProperty("piecesBlock");
        var bytes = Convert.FromHexString(json.GetProperty("bytesHex").GetString()!);
        var expected = json.GetProperty("dagJSON").EnumerateArray().Select(e => Cid.Parse(e.GetProperty("/").GetString()!)).ToList();

        var block = Block.Create(Cid.Parse(json.GetProperty("cid").GetString()!), bytes);
        var value = block.Decode();

        Assert.That(block.Verify(), Is.True);
        Assert.That(value, Is.EqualTo(expected));
        Assert.That(Block.Encode(value).Bytes.ToArray(), Is.EqualTo(bytes));
        Assert.That(expected.Select(c => c.Multihash.Code), Is.All.EqualTo(Multicodec.Fr32Sha256Trunc254PaddedBinaryTree));
    }
}
