using System.Text;
using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Store.Tests.Contracts;
using Dealer.Ucan.Ipld;
using Microsoft.Data.Sqlite;

namespace Dealer.Store.Tests.Embedded;

/// <summary>The offer-store contract against the embedded backend, plus its file layout.</summary>
[TestFixture]
public sealed class EmbeddedOfferStoreTests : OfferStoreContract
{
    private const string Aggregate = "bafkzcibcaapao7vqxzxxfdmqtp4dkv3gvovtqtjfbxu5nf4e4ig6xtfkebuxtwza";
    private const string PieceA = "bafkzcibcaapfvdofhdmjc6ggwefhcabv3w6ehyepiyx5grbqr7hv4jm6n3tqqca";
    private const string PieceB = "bafkzcibcaaph3skchdkbfdwqw5x3yzuenqbm7oxpqjvwubvv3wewfx2dqbwwnpbq";

    private readonly EmbeddedContractBackend _backend = new();

    private string OffersDirectory => Path.Combine(_backend.Directory, "offers");

    protected override Task<DealerStores> OpenAsync() => _backend.OpenAsync();

    protected override Task AfterCloseAsync() => _backend.DeleteAsync();

    private static OfferRecord FixedOffer(string tenant = "tenant-1") => new()
    {
        Aggregate = Aggregate,
        Pieces = [PieceA, PieceB],
        PiecesLink = "bafyreiaeknyfwng2q5tbxjkgff4w4jfouggtnwt6w75gzczha7ps2kxvm4",
        Tenant = tenant,
        Label = "vector-b",
        Storefront = "did:web:storefront.example.com",
        Invocation = "bafyreidezwyljgpemrpteu7bgqlwkprrc33gx2rlso4sl5ivd5tdwmunli",
        InsertedAt = new DateTimeOffset(2026, 11, 24, 12, 0, 0, 123, TimeSpan.Zero),
    };

    [Test]
    public async Task An_offer_of_piece_cids_is_stored_as_text_json_and_its_file_is_the_same_bytes_as_one_of_strings()
    {
        var strings = Enumerable.Range(0, 300).Select(i => Cid.Hash(0x55, BitConverter.GetBytes(i)).ToString()).ToList();
        var offer = FixedOffer() with { Pieces = OfferPieces.FromCids(strings.Select(Cid.Parse).ToList(), 4096) };
        var expected = OfferJson.Serialize(FixedOffer() with { Pieces = strings });

        var put = await Stores.Committer.CommitAsync(new OfferUnit(offer, "{}"));
        await WaitForFileAsync();
        var found = await Stores.Offers.FindAsync(Aggregate);

        Assert.That(put.Created, Is.True);
        Assert.That(await File.ReadAllBytesAsync(Directory.GetFiles(OffersDirectory).Single()), Is.EqualTo(expected));
        Assert.That(found, Is.EqualTo(FixedOffer() with { Pieces = strings }), "read back as the same strings");
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_backend.Directory, EmbeddedStores.DatabaseFileName)}"))
        {
            connection.Open();
            using var select = connection.CreateCommand();
            select.CommandText = "SELECT typeof(pieces), pieces FROM offers;";
            using var reader = select.ExecuteReader();
            Assert.That(reader.Read(), Is.True);
            Assert.That(reader.GetString(0), Is.EqualTo("text"));
            Assert.That(reader.GetString(1), Is.EqualTo("[" + string.Join(",", strings.Select(piece => $"\"{piece}\"")) + "]"));
        }

        File.Delete(Directory.GetFiles(OffersDirectory).Single());
        Assert.That(await Stores.Offers.RepairObjectsAsync(), Is.EqualTo(1));
        Assert.That(await File.ReadAllBytesAsync(Directory.GetFiles(OffersDirectory).Single()), Is.EqualTo(expected),
            "the repair writes the file from the stored JSON");
    }

    [Test]
    public async Task An_offer_stored_by_the_old_serializer_with_escapes_is_written_with_relaxed_escaping()
    {
        var offer = FixedOffer() with { Pieces = [PieceA, "pi+ce<é>"] };
        await Stores.Offers.PutAsync(offer);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_backend.Directory, EmbeddedStores.DatabaseFileName)}"))
        {
            connection.Open();
            using var update = connection.CreateCommand();
            // What the store wrote before (System.Text.Json's default encoder escapes '+', '<', '>' and non-ASCII).
            update.CommandText = "UPDATE offers SET pieces = $pieces;";
            update.Parameters.AddWithValue("$pieces", System.Text.Json.JsonSerializer.Serialize(offer.Pieces));
            Assert.That(update.ExecuteNonQuery(), Is.EqualTo(1));
        }

        File.Delete(Directory.GetFiles(OffersDirectory).Single());
        Assert.That(await Stores.Offers.RepairObjectsAsync(), Is.EqualTo(1));
        Assert.That(await File.ReadAllBytesAsync(Directory.GetFiles(OffersDirectory).Single()), Is.EqualTo(OfferJson.Serialize(offer)));
        Assert.That((await Stores.Offers.FindAsync(Aggregate))!.Pieces, Is.EqualTo(offer.Pieces));
    }

    private async Task WaitForFileAsync()
    {
        for (var attempt = 0; attempt < 100 && Directory.GetFiles(OffersDirectory).Length == 0; attempt++)
        {
            await Task.Delay(50);
        }
    }

    [Test]
    public async Task Offer_file_is_named_by_its_key_in_the_offers_directory()
    {
        await Stores.Offers.PutAsync(FixedOffer());

        var names = Directory.GetFiles(OffersDirectory).Select(Path.GetFileName);

        Assert.That(names, Is.EqualTo(new[] { "2026-11-24T12:00:00.123Z " + Aggregate }));
    }

    [Test]
    public async Task Offer_file_holds_exactly_the_json_spade_reads()
    {
        await Stores.Offers.PutAsync(FixedOffer());

        var bytes = await File.ReadAllBytesAsync(Path.Combine(OffersDirectory, "2026-11-24T12:00:00.123Z " + Aggregate));

        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo(
            "{\"aggregate\":\"" + Aggregate + "\",\"pieces\":[\"" + PieceA + "\",\"" + PieceB +
            "\"],\"tenant\":\"tenant-1\",\"orderID\":\"1795521600123\"}"));
        Assert.That(bytes, Is.EqualTo(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes))), "UTF-8 without BOM");
    }

    [Test]
    public async Task Offer_file_escapes_only_what_json_requires_like_json_stringify()
    {
        await Stores.Offers.PutAsync(FixedOffer(tenant: "a+b&c<d>é\"q\\\n"));

        var body = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(Directory.GetFiles(OffersDirectory).Single()));

        Assert.That(body, Does.Contain("\"tenant\":\"a+b&c<d>é\\\"q\\\\\\n\""));
    }

    [Test]
    public async Task Missing_file_of_a_registered_offer_is_written_again_by_the_next_put()
    {
        var first = FixedOffer();
        await Stores.Offers.PutAsync(first);
        var path = Path.Combine(OffersDirectory, first.Key);
        var original = await File.ReadAllBytesAsync(path);
        // A crash after the registry commit and before the rename leaves exactly this state.
        File.Delete(path);

        var result = await Stores.Offers.PutAsync(first with
        {
            Invocation = TestData.Cid(),
            InsertedAt = first.InsertedAt.AddMinutes(5),
        });

        Assert.Multiple(() =>
        {
            Assert.That(result.Created, Is.False);
            Assert.That(result.Offer.Invocation, Is.EqualTo(first.Invocation));
            Assert.That(result.Offer.Key, Is.EqualTo(first.Key));
            Assert.That(File.ReadAllBytes(path), Is.EqualTo(original));
            Assert.That(Directory.GetFiles(OffersDirectory), Has.Length.EqualTo(1));
        });
    }

    [Test]
    public async Task Writing_offers_leaves_no_temporary_files_behind()
    {
        for (var i = 0; i < 5; i++)
        {
            await Stores.Offers.PutAsync(TestData.Offer(TestData.At(i)));
        }

        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetFiles(Path.Combine(_backend.Directory, "partial")), Is.Empty);
            Assert.That(Directory.GetFiles(OffersDirectory), Has.Length.EqualTo(5));
        });
    }

    [Test]
    public async Task Uri_of_an_offer_is_the_file_uri_of_its_file()
    {
        var offer = FixedOffer();
        await Stores.Offers.PutAsync(offer);

        var uri = Stores.Offers.UriFor(offer.Key);

        Assert.Multiple(() =>
        {
            Assert.That(uri.Scheme, Is.EqualTo("file"));
            Assert.That(uri.LocalPath, Is.EqualTo(Path.Combine(OffersDirectory, offer.Key)));
            Assert.That(File.Exists(uri.LocalPath), Is.True);
        });
    }

    [Test]
    public async Task Sub_millisecond_time_is_stored_at_the_millisecond_of_the_key()
    {
        var offer = FixedOffer() with { InsertedAt = FixedOffer().InsertedAt.AddTicks(4_321) };

        var result = await Stores.Offers.PutAsync(offer);
        var found = await Stores.Offers.FindAsync(offer.Aggregate);

        Assert.Multiple(() =>
        {
            Assert.That(result.Offer.InsertedAt, Is.EqualTo(FixedOffer().InsertedAt));
            Assert.That(found!.InsertedAt, Is.EqualTo(FixedOffer().InsertedAt));
            Assert.That(found.Key, Is.EqualTo(offer.Key));
        });
    }

    [Test]
    public async Task Aggregate_that_is_not_a_plain_file_name_is_refused_before_anything_is_stored()
    {
        var offer = FixedOffer() with { Aggregate = "../escape" };

        Assert.That(async () => await Stores.Offers.PutAsync(offer), Throws.ArgumentException);
        Assert.That(await Stores.Offers.FindAsync("../escape"), Is.Null);
    }

    [Test]
    public async Task Body_lookup_never_reads_outside_the_offers_directory()
    {
        await File.WriteAllTextAsync(Path.Combine(_backend.Directory, "secret"), "not an offer");

        Assert.Multiple(async () =>
        {
            Assert.That(await Stores.Offers.GetBodyAsync("../secret"), Is.Null);
            Assert.That(await Stores.Offers.GetBodyAsync(".."), Is.Null);
        });
    }
}
