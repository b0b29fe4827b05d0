using System.Text;
using Amazon.S3.Model;
using Dealer.Store.Abstractions;
using Dealer.Store.Aws;

namespace Dealer.Store.Tests.Aws;

[TestFixture]
public sealed class AwsOfferStoreTests
{
    private AwsStoreOptions _options = null!;
    private DealerStores _stores = null!;
    private int _next;

    [OneTimeSetUp]
    public async Task CreateAsync() => (_options, _stores) = await AwsEmulator.CreateStoresAsync();

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _stores.DisposeAsync();

    private OfferRecord NextOffer() => AwsTestData.Offer(Interlocked.Increment(ref _next) + 1000);

    [Test]
    public async Task First_put_writes_the_object_Spade_reads_under_the_offer_key()
    {
        var offer = AwsTestData.Offer(1, new DateTimeOffset(2026, 11, 24, 12, 0, 0, 123, TimeSpan.Zero));

        var result = await _stores.Offers.PutAsync(offer);

        Assert.That((result.Created, result.Queued), Is.EqualTo((true, false)));
        AssertSameOffer(result.Offer, offer);
        var body = await _stores.Offers.GetBodyAsync("2026-11-24T12:00:00.123Z " + offer.Aggregate);
        Assert.That(Encoding.UTF8.GetString(body!), Is.EqualTo(
            "{\"aggregate\":\"bafkzcibcaapaggregate000001\",\"pieces\":[\"bafkzcibpiece000001a\",\"bafkzcibpiece000001b\"],"
            + "\"tenant\":\"did:web:tenant.example\",\"orderID\":\"1795521600123\"}"));
    }

    [Test]
    public async Task Re_offer_of_an_aggregate_returns_the_first_offer_and_writes_no_second_object()
    {
        var first = NextOffer();
        var second = first with { InsertedAt = first.InsertedAt.AddMinutes(5), Invocation = "bafyreiinvocationb", Tenant = "did:web:other" };

        await _stores.Offers.PutAsync(first);
        var again = await _stores.Offers.PutAsync(second);

        Assert.That((again.Created, again.Queued), Is.EqualTo((false, false)));
        AssertSameOffer(again.Offer, first);
        Assert.That(await _stores.Offers.GetBodyAsync(second.Key), Is.Null);
        Assert.That(await _stores.Offers.GetBodyAsync(first.Key), Is.EqualTo(OfferJson.Serialize(first)));
    }

    [Test]
    public async Task Concurrent_offers_of_one_aggregate_register_exactly_one()
    {
        var offer = NextOffer();
        var attempts = Enumerable.Range(0, 8)
            .Select(i => _stores.Offers.PutAsync(offer with { Invocation = $"bafyreiconcurrent{i}", InsertedAt = offer.InsertedAt.AddSeconds(i) }));

        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(r => r.Created), Is.EqualTo(1));
        var winner = results.Single(r => r.Created).Offer;
        foreach (var result in results)
        {
            AssertSameOffer(result.Offer, winner);
        }

        var keys = await ToListAsync(_stores.Offers.ListKeysAsync());
        Assert.That(keys.Count(k => k.EndsWith(offer.Aggregate, StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task A_registered_offer_whose_object_is_missing_gets_it_on_the_next_put()
    {
        var offer = NextOffer();
        await _stores.Offers.PutAsync(offer);
        // What a crash between the registry row and the object leaves behind.
        using (var clients = AwsClients.Create(_options))
        {
            await clients.S3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _options.OfferBucket, Key = offer.Key });
        }

        Assert.That(await _stores.Offers.GetBodyAsync(offer.Key), Is.Null);

        var result = await _stores.Offers.PutAsync(offer with { Invocation = "bafyreiretry" });

        Assert.That((result.Created, result.Queued), Is.EqualTo((false, false)));
        AssertSameOffer(result.Offer, offer);
        Assert.That(await _stores.Offers.GetBodyAsync(offer.Key), Is.EqualTo(OfferJson.Serialize(offer)));
    }

    [Test]
    public async Task Marking_an_offer_queued_is_reported_by_later_puts_and_find_returns_the_offer()
    {
        var offer = NextOffer();
        await _stores.Offers.PutAsync(offer);

        await _stores.Offers.MarkQueuedAsync(offer.Aggregate);
        var again = await _stores.Offers.PutAsync(offer with { Invocation = "bafyreiagain" });

        Assert.That(again.Queued, Is.True);
        Assert.That(again.Created, Is.False);
        AssertSameOffer((await _stores.Offers.FindAsync(offer.Aggregate))!, offer);
        Assert.That(await _stores.Offers.FindAsync("bafkzcibunknown"), Is.Null);
    }

    [Test]
    public async Task Marking_an_unregistered_aggregate_queued_is_refused_and_registers_nothing()
    {
        Assert.ThrowsAsync<InvalidOperationException>(() => _stores.Offers.MarkQueuedAsync("bafkzcibnotregistered"));
        Assert.That(await _stores.Offers.FindAsync("bafkzcibnotregistered"), Is.Null);
    }

    [Test]
    public async Task Keys_list_in_arrival_order_after_a_start_key()
    {
        // A store of its own, so that other tests' offers do not interleave.
        var (_, stores) = await AwsEmulator.CreateStoresAsync();
        await using var _ = stores;
        var offers = new[] { 5, 3, 9, 1 }.Select(n => AwsTestData.Offer(n, AwsTestData.Epoch.AddSeconds(n))).ToArray();
        foreach (var offer in offers)
        {
            await stores.Offers.PutAsync(offer);
        }

        var all = await ToListAsync(stores.Offers.ListKeysAsync());
        var later = await ToListAsync(stores.Offers.ListKeysAsync(startAfter: all[1]));

        Assert.That(all, Is.EqualTo(offers.OrderBy(o => o.InsertedAt).Select(o => o.Key)));
        Assert.That(later, Is.EqualTo(all.Skip(2)));
    }

    [Test]
    public void Uri_names_the_bucket_and_the_key()
    {
        var key = AwsTestData.Offer(7).Key;

        var uri = _stores.Offers.UriFor(key);

        Assert.That(uri.Scheme, Is.EqualTo("s3"));
        Assert.That(uri.Host, Is.EqualTo(_options.OfferBucket));
        Assert.That(Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')), Is.EqualTo(key));
        Assert.That(uri.ToString(), Is.EqualTo($"s3://{_options.OfferBucket}/{key}"));
    }

    [Test]
    public async Task Body_of_an_unknown_key_is_null()
    {
        Assert.That(await _stores.Offers.GetBodyAsync("2000-01-01T00:00:00.000Z bafkzcibnothing"), Is.Null);
    }

    // OfferRecord's generated equality compares Pieces by reference; compare the list by content.
    private static void AssertSameOffer(OfferRecord actual, OfferRecord expected)
    {
        Assert.That(actual, Is.Not.Null);
        Assert.That(actual.Pieces, Is.EqualTo(expected.Pieces));
        Assert.That(actual with { Pieces = expected.Pieces }, Is.EqualTo(expected));
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> source)
    {
        var list = new List<string>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
