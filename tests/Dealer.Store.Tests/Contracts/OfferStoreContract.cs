using System.Text.Json;
using Dealer.Store.Abstractions;

namespace Dealer.Store.Tests.Contracts;

/// <summary>What every <see cref="IOfferStore"/> must do.</summary>
public abstract class OfferStoreContract : StoreContract
{
    private IOfferStore Offers => Stores.Offers;

    [Test]
    public async Task Put_of_a_new_aggregate_registers_it_and_writes_the_spade_body_under_its_key()
    {
        var offer = TestData.Offer(TestData.At(123));

        var result = await Offers.PutAsync(offer);

        Assert.Multiple(() =>
        {
            Assert.That(result.Created, Is.True);
            Assert.That(result.Queued, Is.False);
            Assert.That(result.Offer.Key, Is.EqualTo(offer.Key));
            Assert.That(result.Offer.Invocation, Is.EqualTo(offer.Invocation));
        });
        var body = await Offers.GetBodyAsync(offer.Key);
        Assert.That(body, Is.EqualTo(OfferJson.Serialize(offer)));
        using var json = JsonDocument.Parse(body!);
        Assert.Multiple(() =>
        {
            Assert.That(json.RootElement.GetProperty("aggregate").GetString(), Is.EqualTo(offer.Aggregate));
            Assert.That(json.RootElement.GetProperty("pieces").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(offer.Pieces));
            Assert.That(json.RootElement.GetProperty("tenant").GetString(), Is.EqualTo("tenant-1"));
            Assert.That(json.RootElement.GetProperty("orderID").GetString(), Is.EqualTo(offer.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        });
    }

    [Test]
    public async Task Find_returns_every_field_of_the_registered_offer()
    {
        var offer = TestData.Offer(TestData.At(5));
        await Offers.PutAsync(offer);

        var found = await Offers.FindAsync(offer.Aggregate);

        Assert.That(found, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(found!.Aggregate, Is.EqualTo(offer.Aggregate));
            Assert.That(found.Pieces, Is.EqualTo(offer.Pieces));
            Assert.That(found.PiecesLink, Is.EqualTo(offer.PiecesLink));
            Assert.That(found.Tenant, Is.EqualTo(offer.Tenant));
            Assert.That(found.Label, Is.EqualTo(offer.Label));
            Assert.That(found.Storefront, Is.EqualTo(offer.Storefront));
            Assert.That(found.Invocation, Is.EqualTo(offer.Invocation));
            Assert.That(found.InsertedAt, Is.EqualTo(offer.InsertedAt));
            Assert.That(found.Key, Is.EqualTo(offer.Key));
        });
    }

    [Test]
    public async Task Re_offer_of_a_registered_aggregate_returns_the_first_offer_and_writes_nothing_new()
    {
        var first = TestData.Offer(TestData.At(0));
        var again = TestData.Offer(TestData.At(60_000), first.Aggregate) with { Tenant = "tenant-2" };
        await Offers.PutAsync(first);

        var result = await Offers.PutAsync(again);

        Assert.Multiple(() =>
        {
            Assert.That(result.Created, Is.False);
            Assert.That(result.Offer.Invocation, Is.EqualTo(first.Invocation));
            Assert.That(result.Offer.InsertedAt, Is.EqualTo(first.InsertedAt));
            Assert.That(result.Offer.Tenant, Is.EqualTo("tenant-1"));
        });
        Assert.That(await Offers.GetBodyAsync(again.Key), Is.Null);
        Assert.That(await Offers.ListKeysAsync().ToListAsync(), Is.EqualTo(new[] { first.Key }));
    }

    [Test]
    public async Task Mark_queued_is_reported_by_a_later_put()
    {
        var offer = TestData.Offer();
        await Offers.PutAsync(offer);

        await Offers.MarkQueuedAsync(offer.Aggregate);
        await Offers.MarkQueuedAsync(offer.Aggregate);
        var again = await Offers.PutAsync(offer);

        Assert.Multiple(() =>
        {
            Assert.That(again.Created, Is.False);
            Assert.That(again.Queued, Is.True);
        });
    }

    [Test]
    public async Task Is_queued_reads_the_mark_and_is_null_for_an_unregistered_aggregate()
    {
        var offer = TestData.Offer();
        Assert.That(await Offers.IsQueuedAsync(offer.Aggregate), Is.Null);
        await Offers.PutAsync(offer);
        Assert.That(await Offers.IsQueuedAsync(offer.Aggregate), Is.False);

        await Offers.MarkQueuedAsync(offer.Aggregate);

        Assert.That(await Offers.IsQueuedAsync(offer.Aggregate), Is.True);
    }

    [Test]
    public void Mark_queued_of_an_unregistered_aggregate_is_refused()
    {
        Assert.ThrowsAsync<InvalidOperationException>(() => Offers.MarkQueuedAsync(TestData.Aggregate()));
    }

    [Test]
    public async Task Unknown_aggregate_and_key_are_not_found()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await Offers.FindAsync(TestData.Aggregate()), Is.Null);
            Assert.That(await Offers.GetBodyAsync(OfferKeys.For(TestData.Epoch, TestData.Aggregate())), Is.Null);
        });
    }

    [Test]
    public async Task Keys_are_listed_in_arrival_order_whatever_the_put_order()
    {
        var late = TestData.Offer(TestData.At(2_000));
        var early = TestData.Offer(TestData.At(1_000));
        var middle = TestData.Offer(TestData.At(1_500));
        await Offers.PutAsync(late);
        await Offers.PutAsync(early);
        await Offers.PutAsync(middle);

        var all = await Offers.ListKeysAsync().ToListAsync();
        var afterEarly = await Offers.ListKeysAsync(early.Key).ToListAsync();

        Assert.Multiple(() =>
        {
            Assert.That(all, Is.EqualTo(new[] { early.Key, middle.Key, late.Key }));
            Assert.That(afterEarly, Is.EqualTo(new[] { middle.Key, late.Key }));
        });
    }

    [Test]
    public void Uri_for_a_key_is_absolute_and_names_the_key()
    {
        var key = OfferKeys.For(TestData.Epoch, TestData.Aggregate());

        var uri = Offers.UriFor(key);

        Assert.Multiple(() =>
        {
            Assert.That(uri.IsAbsoluteUri, Is.True);
            Assert.That(Uri.UnescapeDataString(uri.AbsolutePath), Does.EndWith("/" + key));
        });
    }
}
