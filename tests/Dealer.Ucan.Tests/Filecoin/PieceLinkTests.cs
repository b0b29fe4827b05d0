using System.Globalization;
using System.Text.Json;
using Dealer.Ucan.Filecoin;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;

namespace Dealer.Ucan.Tests.Filecoin;

public sealed class PieceLinkTests
{
    private static IEnumerable<TestCaseData> PieceVectors()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(FilecoinVectors.Directory, "pieces.json")));
        var i = 0;
        foreach (var piece in document.RootElement.GetProperty("pieces").EnumerateArray())
        {
            yield return new TestCaseData(piece.Clone()).SetArgDisplayNames($"piece {i++}");
        }

        yield return new TestCaseData(document.RootElement.GetProperty("aggregate").Clone()).SetArgDisplayNames("aggregate");
    }

    [TestCaseSource(nameof(PieceVectors))]
    public void Piece_cid_v2_parses_into_padding_height_root_and_sizes(JsonElement piece)
    {
        var link = PieceLink.Parse(piece.GetProperty("cid").GetString()!);

        Assert.Multiple(() =>
        {
            Assert.That(link.Padding, Is.EqualTo(U64(piece, "padding")));
            Assert.That(link.Height, Is.EqualTo(piece.GetProperty("height").GetInt32()));
            Assert.That(Convert.ToHexStringLower(link.Root), Is.EqualTo(piece.GetProperty("rootHex").GetString()));
            Assert.That(link.PaddedSize, Is.EqualTo(U64(piece, "pieceSize_fr32Expanded")));
            Assert.That(link.PayloadSize, Is.EqualTo(U64(piece, "unpaddedPayloadSize")));
            Assert.That(Convert.ToHexStringLower(link.ToCid().Bytes), Is.EqualTo(piece.GetProperty("cidBytesHex").GetString()));
            Assert.That(Convert.ToHexStringLower(link.ToCid().Multihash.Digest), Is.EqualTo(piece.GetProperty("digestHex").GetString()));
            Assert.That(link.ToString(), Is.EqualTo(piece.GetProperty("cid").GetString()));
        });
    }

    [TestCaseSource(nameof(PieceVectors))]
    public void Piece_cid_v2_converts_to_v1_and_back_with_its_size(JsonElement piece)
    {
        var v1 = piece.GetProperty("v1");
        var link = PieceLink.Parse(piece.GetProperty("cid").GetString()!);

        var fromV1 = PieceLink.FromV1(Cid.Parse(v1.GetProperty("cid").GetString()!), U64(v1, "size"));

        Assert.Multiple(() =>
        {
            Assert.That(link.ToV1().ToString(), Is.EqualTo(v1.GetProperty("cid").GetString()));
            Assert.That(Convert.ToHexStringLower(link.ToV1().Bytes), Is.EqualTo(v1.GetProperty("cidBytesHex").GetString()));
            Assert.That(fromV1.Padding, Is.Zero, "Piece.fromInfo sets padding 0");
            Assert.That(fromV1.Height, Is.EqualTo(link.Height));
            Assert.That(fromV1.Root.SequenceEqual(link.Root), Is.True);
            Assert.That(fromV1 == PieceLink.Create(0, link.Height, link.Root), Is.True);
        });
    }

    [Test]
    public void Binary_form_round_trips_and_create_matches_parse()
    {
        var parsed = PieceLink.Parse("bafkzcibdxamar34z4i7y2awpfafpd4iqvha2ocb6rwanrcfnhfjpihpn5hb23bae");
        var created = PieceLink.Create(3128, 8, parsed.Root);

        Assert.Multiple(() =>
        {
            Assert.That(created, Is.EqualTo(parsed));
            Assert.That(created.GetHashCode(), Is.EqualTo(parsed.GetHashCode()));
            Assert.That(PieceLink.Read(parsed.ToCid().Bytes), Is.EqualTo(parsed));
            Assert.That(created.ToString(), Does.StartWith("bafkzcibd"), "a 2-byte padding varint makes a 35-byte digest");
        });
    }

    [TestCase("baga6ea4seaqgven2wk6jyz6jlzaah6w4o6fjqnrqwx3uyypc6yhfbkuphwjdqji", "legacy piece CID v1")]
    [TestCase("bafyreiedvssk3kucf6pqnzotdaheovjbcooymdlzajlq5rfjiraz3iutpe", "codec raw")]
    [TestCase("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", "0x1011")]
    [TestCase("QmPZ9gcCEpqKTo6aq61g2nXGUhM4iCL3ewB6LDXZCtioEB", "version 1")]
    [TestCase("not a cid", null)]
    public void Non_piece_cids_are_rejected_with_a_format_error(string text, string? reason)
    {
        var ex = Assert.Throws<FormatException>(() => PieceLink.Parse(text));
        Assert.Multiple(() =>
        {
            if (reason is not null)
            {
                Assert.That(ex!.Message, Does.Contain(reason));
            }

            Assert.That(PieceLink.TryParse(text, out var link), Is.False);
            Assert.That(link, Is.Null);
        });
    }

    [TestCase(1, 0UL, "height")]
    [TestCase(59, 0UL, "height")]
    [TestCase(2, 127UL, "padding")]
    [TestCase(5, 1016UL, "padding")]
    public void Digest_with_an_invalid_height_or_padding_is_rejected(int height, ulong padding, string reason)
    {
        var digest = new List<byte>(Varint.Encode(padding)) { (byte)height };
        digest.AddRange(new byte[32]);
        var text = Cid.Create(Multicodec.Raw, Multihash.Create(Multicodec.Fr32Sha256Trunc254PaddedBinaryTree, [.. digest])).ToString();

        Assert.Multiple(() =>
        {
            Assert.That(() => PieceLink.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains(reason));
            Assert.That(() => PieceLink.Create(padding, (byte)height, new byte[32]), Throws.TypeOf<ArgumentOutOfRangeException>());
        });
    }

    [TestCase(33)]
    [TestCase(31)]
    public void Digest_of_the_wrong_length_is_rejected(int rootLength)
    {
        var digest = new byte[1 + 1 + rootLength];
        digest[1] = 10;
        var text = Cid.Create(Multicodec.Raw, Multihash.Create(Multicodec.Fr32Sha256Trunc254PaddedBinaryTree, digest)).ToString();

        Assert.Multiple(() =>
        {
            Assert.That(() => PieceLink.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains("root (32 bytes)"));
            Assert.That(() => PieceLink.Create(0, 10, new byte[rootLength]), Throws.ArgumentException);
        });
    }

    [Test]
    public void Digest_with_a_non_minimal_padding_varint_is_rejected()
    {
        byte[] digest = [0x80, 0x00, 10, .. new byte[32]];
        var text = Cid.Create(Multicodec.Raw, Multihash.Create(Multicodec.Fr32Sha256Trunc254PaddedBinaryTree, digest)).ToString();

        Assert.That(() => PieceLink.Parse(text), Throws.TypeOf<FormatException>().With.Message.Contains("padding varint"));
    }

    [TestCase(0UL)]
    [TestCase(64UL)]
    [TestCase(1000UL)]
    [TestCase(1UL << 40 | 1)]
    public void Legacy_v1_with_an_invalid_size_is_rejected(ulong size)
    {
        var v1 = Cid.Parse("baga6ea4seaqgven2wk6jyz6jlzaah6w4o6fjqnrqwx3uyypc6yhfbkuphwjdqji");

        Assert.That(() => PieceLink.FromV1(v1, size), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Padded_size_is_read_from_the_start_of_the_string_alone()
    {
        var random = new Random(9);
        foreach (var (padding, height) in new (ulong, byte)[] { (0, 2), (1, 10), (127, 20), (128, 30), (1UL << 40, 50), (ulong.MaxValue >> 8, 58) })
        {
            var root = new byte[PieceLink.RootLength];
            random.NextBytes(root);
            root[31] &= 0x3f;
            PieceLink link;
            try
            {
                link = PieceLink.Create(padding, height, root);
            }
            catch (ArgumentException)
            {
                continue;
            }

            Assert.That(PieceLink.TryReadPaddedSize(link.ToString(), out var size), Is.True, link.ToString());
            Assert.That(size, Is.EqualTo(link.PaddedSize), link.ToString());
        }

        Assert.Multiple(() =>
        {
            Assert.That(PieceLink.TryReadPaddedSize(Cid.Parse("bafkzcibccacwven2wk6jyz6jlzaah6w4o6fjqnrqwx3uyypc6yhfbkuphwjdqji").ToString(), out _), Is.True);
            Assert.That(PieceLink.TryReadPaddedSize("baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq", out _), Is.False, "a legacy v1");
            Assert.That(PieceLink.TryReadPaddedSize("bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", out _), Is.False, "not a piece");
            Assert.That(PieceLink.TryReadPaddedSize("b", out _), Is.False);
            Assert.That(PieceLink.TryReadPaddedSize(null, out _), Is.False);
            Assert.That(PieceLink.TryReadPaddedSize("zQmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR", out _), Is.False, "not base32");
        });
    }

    [Test]
    public void A_v2_cid_is_not_accepted_as_a_legacy_v1()
    {
        var v2 = Cid.Parse("bafkzcibccacwven2wk6jyz6jlzaah6w4o6fjqnrqwx3uyypc6yhfbkuphwjdqji");

        Assert.That(() => PieceLink.FromV1(v2, 1024), Throws.TypeOf<FormatException>().With.Message.Contains("0xf101"));
    }

    private static ulong U64(JsonElement element, string name) =>
        ulong.Parse(element.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
