using Dealer.Ucan.Ipld;
using Dealer.Ucan.Ipld.Codecs;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Tests.Ipld;

public sealed class BlockTests
{
    [Test]
    public void Encoding_a_value_names_it_with_a_sha2_256_dag_cbor_cidv1()
    {
        var block = Block.Encode(new Dictionary<string, object?> { ["hello"] = "world" });

        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexStringLower(block.Bytes.Span), Is.EqualTo("a16568656c6c6f65776f726c64"));
            Assert.That(block.Cid.Version, Is.EqualTo(1));
            Assert.That(block.Cid.Codec, Is.EqualTo(Multicodec.DagCbor));
            Assert.That(block.Cid.Multihash.Code, Is.EqualTo(Multicodec.Sha256));
            Assert.That(block.Cid.ToString(), Does.StartWith("bafyrei"));
            Assert.That(block.Verify(), Is.True);
            Assert.That(block.Decode(), Is.EqualTo(new Dictionary<string, object?> { ["hello"] = "world" }));
        });
    }

    [Test]
    public void A_block_whose_bytes_do_not_hash_to_its_cid_does_not_verify()
    {
        var good = Block.Encode("a");
        var forged = Block.Create(good.Cid, DagCbor.Encode("b"));

        Assert.That(forged.Verify(), Is.False);
        Assert.That(forged.Decode(), Is.EqualTo("b"), "Create does not check the hash");
    }

    [Test]
    public void Identity_blocks_verify_and_unknown_hash_functions_do_not()
    {
        var data = DagCbor.Encode(1L);
        var identity = Block.Create(Cid.Create(Multicodec.DagCbor, Multihash.Create(Multicodec.Identity, data)), data);
        var blake = Block.Create(Cid.Create(Multicodec.DagCbor, Multihash.Create(0xb220, new byte[32])), data);

        Assert.That(identity.Verify(), Is.True);
        Assert.That(blake.Verify(), Is.False);
    }

    [Test]
    public void Decoding_a_block_of_another_codec_is_a_format_error()
    {
        var raw = Block.Create(Cid.Hash(Multicodec.Raw, [0xa0]), new byte[] { 0xa0 });

        Assert.That(() => raw.Decode(), Throws.TypeOf<DagCborException>().With.Message.Contains("not dag-cbor"));
    }

    [Test]
    public void Decoding_applies_the_given_limits()
    {
        var block = Block.Encode(new List<object?> { new List<object?>() });

        Assert.That(() => block.Decode(new DagCborLimits { MaxDepth = 1 }),
            Throws.TypeOf<DagCborException>().With.Message.Contains("Nesting depth"));
    }
}
