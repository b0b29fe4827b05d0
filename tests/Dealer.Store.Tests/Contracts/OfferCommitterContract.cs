using Dealer.Store.Abstractions;

namespace Dealer.Store.Tests.Contracts;

/// <summary>
/// What every <see cref="IOfferCommitter"/> must do with <see cref="OfferUnit"/>s, and how the offer-store finds
/// what a crash left unfinished (<see cref="IOfferStore.ListUnqueuedAsync"/>, <see cref="IOfferStore.RepairObjectsAsync"/>).
/// </summary>
public abstract class OfferCommitterContract : StoreContract
{
    private static readonly byte[] ReceiptCar = [0x0a, 0x0b, 0x0c];

    [Test]
    public async Task Commit_of_a_new_offer_registers_queues_marks_and_stores_its_receipt()
    {
        var offer = TestData.Offer(TestData.At(10));

        var result = await Stores.Committer.CommitAsync(Unit(offer, receipt: offer.Invocation));

        Assert.Multiple(() =>
        {
            Assert.That(result.Created, Is.True);
            Assert.That(result.Queued, Is.True);
            Assert.That(result.Offer, Is.EqualTo(offer));
        });
        Assert.That(await Stores.Offers.FindAsync(offer.Aggregate), Is.EqualTo(offer));
        Assert.That(await Stores.Receipts.GetAsync(offer.Invocation), Is.EqualTo(ReceiptCar));
        var messages = await Stores.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(1));
        Assert.That(messages.Select(m => m.Body), Is.EqualTo(new[] { Body(offer) }));
        Assert.That(await Stores.Offers.ListUnqueuedAsync(DateTimeOffset.MaxValue).ToListAsync(), Is.Empty);
        Assert.That(await ObjectAsync(offer), Is.EqualTo(OfferJson.Serialize(offer)), "the object Spade reads follows the commit");
    }

    [Test]
    public async Task Commit_of_a_registered_aggregate_keeps_the_first_offer_stores_no_receipt_and_queues_nothing_more()
    {
        var first = TestData.Offer(TestData.At(20));
        await Stores.Committer.CommitAsync(Unit(first, receipt: first.Invocation));
        var second = first with { Invocation = TestData.Cid(), Tenant = "another", InsertedAt = TestData.At(30) };

        var result = await Stores.Committer.CommitAsync(Unit(second, receipt: second.Invocation));

        Assert.Multiple(() =>
        {
            Assert.That(result.Created, Is.False);
            Assert.That(result.Queued, Is.True);
            Assert.That(result.Offer, Is.EqualTo(first));
        });
        Assert.That(await Stores.Receipts.GetAsync(second.Invocation), Is.Null);
        Assert.That(await Stores.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(1)), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Unqueued_offers_are_listed_until_a_commit_queues_them()
    {
        // Put registers without queueing: what a crash between the registration and the enqueue leaves.
        var old = TestData.Offer(TestData.At(40));
        var queued = TestData.Offer(TestData.At(50));
        var recent = TestData.Offer(TestData.At(60_000));
        await Stores.Offers.PutAsync(old);
        await Stores.Committer.CommitAsync(Unit(queued));
        await Stores.Offers.PutAsync(recent);

        var listed = await Stores.Offers.ListUnqueuedAsync(TestData.At(1000)).ToListAsync();
        Assert.That(listed, Is.EqualTo(new[] { old }));

        var repaired = await Stores.Committer.CommitAsync(Unit(old));
        Assert.That(repaired.Created, Is.False);
        Assert.That(await Stores.Offers.ListUnqueuedAsync(TestData.At(1000)).ToListAsync(), Is.Empty);
        Assert.That(await Stores.Offers.ListUnqueuedAsync(DateTimeOffset.MaxValue).ToListAsync(), Is.EqualTo(new[] { recent }));
        var bodies = (await Stores.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(1))).Select(m => m.Body);
        Assert.That(bodies, Is.EquivalentTo(new[] { Body(queued), Body(old) }));
    }

    [Test]
    public async Task Concurrent_commits_are_each_registered_queued_and_acknowledged_once()
    {
        var offers = Enumerable.Range(0, 40).Select(i => TestData.Offer(TestData.At(100 + i))).ToList();

        var results = await Task.WhenAll(offers.Select(offer => Stores.Committer.CommitAsync(Unit(offer, receipt: offer.Invocation))));

        Assert.That(results.All(r => r.Created && r.Queued), Is.True);
        foreach (var offer in offers)
        {
            Assert.That(await Stores.Receipts.GetAsync(offer.Invocation), Is.EqualTo(ReceiptCar), offer.Aggregate);
        }

        var bodies = new List<string>();
        while (await Stores.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(1)) is { Count: > 0 } batch)
        {
            bodies.AddRange(batch.Select(m => m.Body));
        }

        Assert.That(bodies, Is.EquivalentTo(offers.Select(Body)));
    }

    [Test]
    public async Task Repair_of_objects_never_writes_for_an_unregistered_offer()
    {
        var offer = TestData.Offer(TestData.At(70));
        await Stores.Committer.CommitAsync(Unit(offer));
        await ObjectAsync(offer);

        await Stores.Offers.RepairObjectsAsync();

        Assert.That(await Stores.Offers.ListKeysAsync().ToListAsync(), Is.EqualTo(new[] { offer.Key }));
    }

    private static OfferUnit Unit(OfferRecord offer, string? receipt = null) =>
        new(offer, Body(offer)) { ReceiptInvocation = receipt, ReceiptCar = receipt is null ? default : ReceiptCar };

    private static string Body(OfferRecord offer) => "{\"aggregate\":\"" + offer.Aggregate + "\"}";

    /// <summary>The offer's object once it is written (a backend may write it just after the commit).</summary>
    private async Task<byte[]> ObjectAsync(OfferRecord offer)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await Stores.Offers.GetBodyAsync(offer.Key) is { } body)
            {
                return body;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No object for {offer.Key} after 5 s.");
    }
}
