using System.Collections.Concurrent;
using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Store.Tests.Contracts;

namespace Dealer.Store.Tests.Embedded;

/// <summary>
/// Two independently opened store sets on one data directory. Each owns its own SQLite connections, so they contend
/// for the file's locks exactly as <c>dealer serve</c> and a CLI process (or two cron ticks) do.
/// </summary>
[TestFixture]
public sealed class EmbeddedMultiProcessTests
{
    private string _directory = "";
    private DealerStores _first = null!;
    private DealerStores _second = null!;

    [SetUp]
    public void OpenTwice()
    {
        _directory = TemporaryStores.CreateDirectory();
        _first = EmbeddedStores.Open(_directory);
        _second = EmbeddedStores.Open(_directory);
    }

    [TearDown]
    public async Task CloseBothAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        TemporaryStores.DeleteDirectory(_directory);
    }

    [Test]
    public async Task Two_consumers_on_one_queue_process_every_message_exactly_once()
    {
        const int count = 200;
        for (var i = 0; i < count; i++)
        {
            await (i % 2 == 0 ? _first : _second).Queue.EnqueueAsync("message " + i);
        }

        var processed = new ConcurrentDictionary<string, int>();
        var perConsumer = new int[2];
        var redelivered = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var start = new Barrier(2);

        async Task ConsumeAsync(IDealerQueue queue, int consumer)
        {
            start.SignalAndWait(deadline.Token);
            while (processed.Count < count)
            {
                var batch = await queue.ReceiveAsync(5, TimeSpan.FromMilliseconds(200), deadline.Token);
                foreach (var message in batch)
                {
                    processed.AddOrUpdate(message.Body, 1, (_, n) => n + 1);
                    Interlocked.Increment(ref perConsumer[consumer]);
                    if (message.ReceiveCount > 1)
                    {
                        Interlocked.Increment(ref redelivered);
                    }
                }

                // A little work per batch, so both consumers are busy at the same time.
                await Task.Delay(1, deadline.Token);
                await queue.DeleteAsync(batch, deadline.Token);
            }
        }

        await Task.WhenAll(
            Task.Run(() => ConsumeAsync(_first.Queue, 0)),
            Task.Run(() => ConsumeAsync(_second.Queue, 1)));

        Assert.Multiple(() =>
        {
            Assert.That(processed.Keys, Is.EquivalentTo(Enumerable.Range(0, count).Select(i => "message " + i)));
            Assert.That(processed.Values, Is.All.EqualTo(1));
            Assert.That(perConsumer.Sum(), Is.EqualTo(count));
            Assert.That(perConsumer, Is.All.GreaterThan(0), "both consumers took part");
            Assert.That(redelivered, Is.Zero);
        });
        Assert.That(await _first.Queue.ReceiveAsync(1, TimeSpan.Zero), Is.Empty);
    }

    [Test]
    public async Task Of_two_racing_transitions_of_a_deal_exactly_one_wins()
    {
        for (var round = 0; round < 25; round++)
        {
            var deal = TestData.Deal(TestData.At(round));
            await _first.Deals.InsertAsync(deal);

            var approve = Task.Run(() => _first.Deals.TransitionAsync(deal.Aggregate, DealStatus.Offered,
                new DealTransition(DealStatus.Approved, TestData.At(1_000), 1, "f01")));
            var reject = Task.Run(() => _second.Deals.TransitionAsync(deal.Aggregate, DealStatus.Offered,
                new DealTransition(DealStatus.Rejected, TestData.At(1_000), Reason: "no")));
            var results = await Task.WhenAll(approve, reject);

            var stored = await _second.Deals.GetAsync(deal.Aggregate);
            Assert.That(results.Count(won => won), Is.EqualTo(1), $"round {round}");
            Assert.That(stored!.Status, Is.EqualTo(results[0] ? DealStatus.Approved : DealStatus.Rejected), $"round {round}");
        }
    }

    [Test]
    public async Task Of_two_racing_offers_of_one_aggregate_exactly_one_registers_it()
    {
        for (var round = 0; round < 10; round++)
        {
            var first = TestData.Offer(TestData.At(round));
            var second = TestData.Offer(TestData.At(round + 500), first.Aggregate);

            var results = await Task.WhenAll(
                Task.Run(() => _first.Offers.PutAsync(first)),
                Task.Run(() => _second.Offers.PutAsync(second)));

            Assert.That(results.Count(r => r.Created), Is.EqualTo(1), $"round {round}");
            Assert.That(results[1].Offer.Invocation, Is.EqualTo(results[0].Offer.Invocation), $"round {round}");
        }

        Assert.That(Directory.GetFiles(Path.Combine(_directory, "offers")), Has.Length.EqualTo(10));
    }

    [Test]
    public async Task Writes_of_one_process_are_read_by_the_other()
    {
        var deal = TestData.Deal();
        var offer = TestData.Offer();
        await _first.Deals.InsertAsync(deal);
        await _first.Offers.PutAsync(offer);
        await _first.Receipts.PutAsync("bafyreireceipt", new byte[] { 9 });

        Assert.Multiple(async () =>
        {
            Assert.That(await _second.Deals.GetAsync(deal.Aggregate), Is.EqualTo(deal));
            Assert.That(await _second.Offers.GetBodyAsync(offer.Key), Is.EqualTo(OfferJson.Serialize(offer)));
            Assert.That(await _second.Receipts.GetAsync("bafyreireceipt"), Is.EqualTo(new byte[] { 9 }));
        });
    }
}
