using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dealer.Store.Abstractions;
using Dealer.Store.Tests.Contracts;
using Dealer.Ucan.Filecoin;
using Dealer.Ucan.Ipld;
using Dealer.Ucan.Multiformats;

namespace Dealer.Store.Tests.Bodies;

/// <summary>
/// The object body Spade reads, built straight from the pieces in whatever form an offer carries them, against the
/// serializer it replaced (a <see cref="Utf8JsonWriter"/> over the piece strings, relaxed escaping) on random offers.
/// </summary>
[TestFixture]
public sealed class OfferJsonTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static readonly string[] Awkward = ["a+b&c<d>é\"q\\\n", "tenant-1", "", "\u2028\u2029", "😀 \t\u0001\u007f", "'`/"];

    [TestCase(1)]
    [TestCase(8)]
    [TestCase(257)]
    [TestCase(23_400)]
    public void Body_from_piece_cids_is_the_reference_serializers_output(int count)
    {
        var random = new Random(count);
        for (var round = 0; round < (count > 1000 ? 2 : 20); round++)
        {
            var cids = Enumerable.Range(0, count).Select(_ => RandomCid(random)).ToList();
            var strings = cids.Select(cid => cid.ToString()).ToList();
            var tenant = Awkward[random.Next(Awkward.Length)];
            var offer = Offer(OfferPieces.FromCids(cids), tenant, random);

            var body = OfferJson.Serialize(offer, out var range);

            Assert.That(body, Is.EqualTo(Reference(offer with { Pieces = strings })));
            Assert.That(JsonSerializer.Deserialize<string[]>(body.AsSpan(range)), Is.EqualTo(strings));
            Assert.That(offer.Pieces, Is.EqualTo(strings), "the pieces read as their CID strings");
            Assert.That(((OfferPieces)offer.Pieces).JsonLength, Is.EqualTo(range.GetOffsetAndLength(body.Length).Length));
        }
    }

    [Test]
    public void Body_from_strings_or_stored_json_is_the_reference_serializers_output_whatever_they_hold()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var strings = Enumerable.Range(0, random.Next(1, 6))
                .Select(_ => random.Next(3) == 0 ? Awkward[random.Next(Awkward.Length)] + RandomText(random) : TestData.Cid())
                .ToList();
            var offer = Offer(strings, Awkward[random.Next(Awkward.Length)] + RandomText(random), random);
            var expected = Reference(offer);
            // The old store wrote the pieces column with the default (escaping) serializer; the new one writes the
            // array of the body; a plain array of strings is what tests and the AWS store hand over; stored JSON may
            // have whitespace.
            var forms = new IReadOnlyList<string>[]
            {
                strings,
                OfferPieces.FromStrings(strings),
                OfferPieces.FromJson(JsonSerializer.SerializeToUtf8Bytes(strings)),
                OfferPieces.FromJson(ReferencePieces(strings)),
                OfferPieces.FromJson(Encoding.UTF8.GetBytes(" [ " + string.Join(" , ", strings.Select(s => JsonSerializer.Serialize(s))) + " ] ")),
            };
            foreach (var form in forms)
            {
                Assert.That(OfferJson.Serialize(offer with { Pieces = form }), Is.EqualTo(expected), $"round {round}, form {form.GetType().Name}");
                Assert.That(OfferPieces.Of(form), Is.EqualTo(strings));
                Assert.That(OfferPieces.Of(form).Count, Is.EqualTo(strings.Count));
            }
        }
    }

    [Test]
    public void Body_has_the_shape_of_the_stores_spec_example()
    {
        var random = new Random(5);
        var (a, b) = (RandomCid(random), RandomCid(random));
        var offer = Offer(OfferPieces.FromCids([a, b]), "tenant-1", random) with
        {
            Aggregate = "bafkzcibcaapao7vqxzxxfdmqtp4dkv3gvovtqtjfbxu5nf4e4ig6xtfkebuxtwza",
            InsertedAt = DateTimeOffset.FromUnixTimeMilliseconds(1795521600123),
        };

        Assert.That(Encoding.UTF8.GetString(OfferJson.Serialize(offer)), Is.EqualTo(
            "{\"aggregate\":\"bafkzcibcaapao7vqxzxxfdmqtp4dkv3gvovtqtjfbxu5nf4e4ig6xtfkebuxtwza\",\"pieces\":[" +
            $"\"{a}\",\"{b}\"],\"tenant\":\"tenant-1\",\"orderID\":\"1795521600123\"}}"));
    }

    [Test]
    public void Pieces_compare_equal_across_forms_exactly_when_their_strings_do()
    {
        var random = new Random(11);
        for (var round = 0; round < 100; round++)
        {
            var cids = Enumerable.Range(0, random.Next(1, 5)).Select(_ => RandomCid(random)).ToList();
            var strings = cids.Select(cid => cid.ToString()).ToList();
            var other = strings.ToList();
            switch (random.Next(4))
            {
                case 0:
                    other[random.Next(other.Count)] = RandomCid(random).ToString();
                    break;
                case 1:
                    other.RemoveAt(other.Count - 1);
                    break;
                case 2:
                    other.Reverse();
                    break;
            }

            var equal = strings.SequenceEqual(other, StringComparer.Ordinal);
            var mine = OfferPieces.FromCids(cids);
            var stored = new IReadOnlyList<string>[]
            {
                other,
                OfferPieces.FromStrings(other),
                OfferPieces.FromJson(JsonSerializer.SerializeToUtf8Bytes(other)),
                OfferPieces.FromJson(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(other, Indented))),
                OfferPieces.FromCids(other.Select(Cid.Parse).ToList()),
            };
            foreach (var form in stored)
            {
                Assert.That(mine.SequenceEqual(form), Is.EqualTo(equal), $"round {round}: {form.GetType().Name}");
                Assert.That(OfferPieces.Of(form).SequenceEqual(mine), Is.EqualTo(equal), $"round {round}, reversed: {form.GetType().Name}");
            }
        }
    }

    [Test]
    public void Stored_json_that_is_not_a_list_of_strings_is_refused()
    {
        Assert.Throws<JsonException>(() => OfferPieces.FromJson("{\"a\": 1}"u8.ToArray()));
        var compact = OfferPieces.FromJson("[1,2]"u8.ToArray());
        Assert.Throws<JsonException>(() => _ = compact.Count, "compact JSON is parsed when a piece is read");
    }

    [Test]
    public void Padded_size_is_carried_only_when_given()
    {
        var cid = RandomCid(new Random(3));
        Assert.That(OfferPieces.FromCids([cid], 1024).PaddedSize, Is.EqualTo(1024UL));
        Assert.That(OfferPieces.FromCids([cid]).PaddedSize, Is.Null);
        Assert.That(OfferPieces.FromJson(JsonSerializer.SerializeToUtf8Bytes(new[] { cid.ToString() })).PaddedSize, Is.Null);
    }

    /// <summary>The serializer <see cref="OfferJson"/> had before it wrote the pieces from their CIDs.</summary>
    private static byte[] Reference(OfferRecord offer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("aggregate", offer.Aggregate);
            writer.WriteStartArray("pieces");
            foreach (var piece in offer.Pieces.ToList())
            {
                writer.WriteStringValue(piece);
            }

            writer.WriteEndArray();
            writer.WriteString("tenant", offer.Tenant);
            writer.WriteString("orderID", offer.OrderId.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static byte[] ReferencePieces(IReadOnlyList<string> pieces)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var piece in pieces)
            {
                writer.WriteStringValue(piece);
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    private static OfferRecord Offer(IReadOnlyList<string> pieces, string tenant, Random random) => new()
    {
        Aggregate = random.Next(4) == 0 ? "agg+<é>" + RandomText(random) : TestData.Aggregate(),
        Pieces = pieces,
        PiecesLink = TestData.Cid(),
        Tenant = tenant,
        Storefront = "did:web:storefront.example.com",
        Invocation = TestData.Cid(),
        InsertedAt = DateTimeOffset.FromUnixTimeMilliseconds(random.NextInt64(0, 4_102_444_800_000)),
    };

    /// <summary>A piece link (v2) most of the time, else a v1 CID of another codec or a v0 CID.</summary>
    private static Cid RandomCid(Random random)
    {
        var root = new byte[32];
        random.NextBytes(root);
        return random.Next(10) switch
        {
            0 => Cid.Hash(Multicodec.DagCbor, root),
            1 => Cid.CreateV0(Multihash.Sha256(root)),
            _ => PieceLink.Create((ulong)random.Next(0, 1000), (byte)random.Next(5, 40), root).ToCid(),
        };
    }

    private static string RandomText(Random random)
    {
        var chars = new char[random.Next(0, 12)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = random.Next(5) switch
            {
                0 => (char)random.Next(0, 0x80),
                1 => (char)random.Next(0x80, 0xD800),
                _ => (char)random.Next('a', 'z' + 1),
            };
        }

        return new string(chars);
    }
}
