using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Tests.Multiformats;

public sealed class CidTests
{
    // CIDs from ../shared/protocol/vectors (see Conformance/PROVENANCE.md).
    [TestCase("bafyreiak4mgvfpm5qqz4bciu2gaogx35luohf2rqqp4ds647phn65hunrm", 1, Multicodec.DagCbor, Multicodec.Sha256)]
    [TestCase("bafkzcibcaafumrlza3a4ixhqc4hx7frcobk7p7bywiwqow5n377xo2dm2pp7udy", 1, Multicodec.Raw, Multicodec.Fr32Sha256Trunc254PaddedBinaryTree)]
    [TestCase("bafkreicpavyvqrmr2xc4ef4cc3a633mlzsu246df6dlb4tad4n66olhu4e", 1, Multicodec.Raw, Multicodec.Sha256)]
    [TestCase("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG", 0, Multicodec.DagPb, Multicodec.Sha256)]
    public void Parse_and_format_round_trip(string text, int version, ulong codec, ulong hash)
    {
        var cid = Cid.Parse(text);

        Assert.Multiple(() =>
        {
            Assert.That(cid.Version, Is.EqualTo(version));
            Assert.That(cid.Codec, Is.EqualTo(codec));
            Assert.That(cid.Multihash.Code, Is.EqualTo(hash));
            Assert.That(cid.ToString(), Is.EqualTo(text));
            Assert.That(Cid.Read(cid.Bytes), Is.EqualTo(cid));
        });
    }

    [Test]
    public void Hash_of_a_block_matches_its_cid()
    {
        var cid = Cid.Hash(Multicodec.Raw, "hello"u8);

        Assert.That(cid.ToString(), Is.EqualTo("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq"));
        Assert.That(cid.Multihash.Matches("hello"u8), Is.True);
        Assert.That(cid.Multihash.Matches("hellO"u8), Is.False);
    }

    [TestCase("BAFYREIAK4MGVFPM5QQZ4BCIU2GAOGX35LUOHF2RQQP4DS647PHN65HUNRM", Description = "upper-case base32 under the lower-case prefix")]
    [TestCase("bafyreiak4mgvfpm5qqz4bciu2gaogx35luohf2rqqp4ds647phn65hunr", Description = "truncated digest")]
    [TestCase("bafyreiak4mgvfpm5qqz4bciu2gaogx35luohf2rqqp4ds647phn65hunrmaa", Description = "trailing bytes")]
    [TestCase("xafy", Description = "unknown multibase")]
    [TestCase("", Description = "empty")]
    public void Parse_rejects_malformed_text(string text)
    {
        Assert.Throws(Is.InstanceOf<FormatException>(), () => Cid.Parse(text));
        Assert.That(Cid.TryParse(text, out _), Is.False);
    }

    [Test]
    public void Equality_and_ordering_are_by_bytes()
    {
        var a = Cid.Hash(Multicodec.DagCbor, [1]);
        var b = Cid.Read(a.Bytes);
        var c = Cid.Hash(Multicodec.DagCbor, [2]);

        Assert.That(a == b, Is.True);
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(a != c, Is.True);
        Assert.That(Math.Sign(a.CompareTo(c)), Is.EqualTo(-Math.Sign(c.CompareTo(a))));
    }

    [Test]
    public void A_read_cid_gives_the_multihash_of_its_own_bytes()
    {
        var random = new Random(11);
        for (var i = 0; i < 200; i++)
        {
            var data = new byte[random.Next(0, 64)];
            random.NextBytes(data);
            var made = Cid.Hash(i % 2 == 0 ? Multicodec.Raw : Multicodec.DagCbor, data);
            var read = Cid.Read(made.Bytes);

            Assert.Multiple(() =>
            {
                Assert.That(read.Multihash, Is.EqualTo(made.Multihash));
                Assert.That(read.Multihash.Code, Is.EqualTo(Multicodec.Sha256));
                Assert.That(read.Multihash.Digest.ToArray(), Is.EqualTo(made.Multihash.Digest.ToArray()));
                Assert.That(read.Multihash.Bytes.ToArray(), Is.EqualTo(read.Bytes[^34..].ToArray()));
                Assert.That(read.Multihash.Matches(data), Is.True);
                Assert.That(read.HashMatches(data), Is.True);
                Assert.That(read.HashMatches([.. data, 0]), Is.False);
            });
        }

        var v0 = Cid.Parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG");
        Assert.That(v0.Multihash.Bytes.ToArray(), Is.EqualTo(v0.Bytes.ToArray()));
    }

    [Test]
    public void Appending_a_cid_writes_its_string()
    {
        // v1 sha2-256 (on the stack), v0 (base58), a long identity CID (past the stack buffer), and one already formatted.
        var random = new Random(12);
        var identity = new byte[200];
        random.NextBytes(identity);
        var formatted = Cid.Hash(Multicodec.Raw, "formatted"u8);
        _ = formatted.ToString();
        Cid[] cids =
        [
            Cid.Hash(Multicodec.DagCbor, "append"u8),
            Cid.Parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"),
            Cid.Create(Multicodec.Raw, Multihash.Create(Multicodec.Identity, identity)),
            formatted,
        ];
        foreach (var cid in cids)
        {
            var expected = Cid.Read(cid.Bytes).ToString();
            var output = new System.Text.StringBuilder("x");
            Cid.Read(cid.Bytes).AppendTo(output);
            cid.AppendTo(output);

            Assert.That(output.ToString(), Is.EqualTo("x" + expected + expected));
        }
    }

    [Test]
    public void WriteUtf8_writes_exactly_the_string_s_bytes_and_StringLength_is_its_length()
    {
        // v1 sha2-256 (on the stack), v0 (base58), a long identity CID (past the stack buffer), and one already formatted.
        var random = new Random(13);
        var identity = new byte[200];
        random.NextBytes(identity);
        var formatted = Cid.Hash(Multicodec.Raw, "formatted"u8);
        _ = formatted.ToString();
        Cid[] cids =
        [
            Cid.Hash(Multicodec.DagCbor, "utf8"u8),
            Cid.Parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"),
            Cid.Create(Multicodec.Raw, Multihash.Create(Multicodec.Identity, identity)),
            formatted,
        ];
        foreach (var cid in cids)
        {
            var expected = System.Text.Encoding.UTF8.GetBytes(Cid.Read(cid.Bytes).ToString());
            var fresh = Cid.Read(cid.Bytes);
            var destination = new byte[expected.Length + 3];

            var written = fresh.WriteUtf8(destination);

            Assert.Multiple(() =>
            {
                Assert.That(Cid.Read(cid.Bytes).StringLength, Is.EqualTo(expected.Length));
                Assert.That(written, Is.EqualTo(expected.Length));
                Assert.That(destination[..written], Is.EqualTo(expected));
                Assert.That(destination[written..], Is.All.EqualTo((byte)0));
            });
        }
    }
}
