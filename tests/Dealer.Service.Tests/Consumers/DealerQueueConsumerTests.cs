using Dealer.Service.Configuration;
using Dealer.Service.Consumers;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dealer.Service.Tests.Consumers;

/// <summary>
/// The consumer records each offer exactly once and deletes a message only after recording it: through the embedded
/// store's own receive-record-delete transaction, and through the queue and deal-store of a backend without one.
/// </summary>
[TestFixture(true)]
[TestFixture(false)]
public sealed class DealerQueueConsumerTests(bool backendRecorder)
{
    private string _directory = null!;
    private DealerStores _opened = null!;
    private DealerStores _stores = null!;
    private DealerQueueConsumer _consumer = null!;

    [SetUp]
    public void Open()
    {
        _directory = TestDealer.NewDataDirectory();
        _opened = EmbeddedStores.Open(_directory, new EmbeddedStoreOptions { VisibilityTimeout = TimeSpan.FromMilliseconds(200), MaxReceives = 3 });
        Assert.That(_opened.Recorder, Is.Not.Null);
        _stores = backendRecorder
            ? _opened
            : new DealerStores(_opened.Offers, _opened.Deals, _opened.Receipts, _opened.Queue, _opened.Revocations, _opened.Ledger,
                deadLetters: _opened.DeadLetters, committer: _opened.Committer);
        _consumer = new DealerQueueConsumer(_stores, TestDealer.DefaultOptions(_directory), TimeProvider.System,
            NullLogger<DealerQueueConsumer>.Instance);
    }

    [TearDown]
    public async Task CloseAsync()
    {
        _consumer.Dispose();
        await _opened.DisposeAsync();
        TestDealer.TryDelete(_directory);
    }

    private async Task<OfferRecord> RegisterOfferAsync()
    {
        var put = await _stores.Offers.PutAsync(new OfferRecord
        {
            Aggregate = Vectors.Aggregate,
            Pieces = Vectors.Pieces().Select(p => p.ToString()).ToList(),
            PiecesLink = Offers.PiecesBlock(Vectors.Pieces()).Cid.ToString(),
            Tenant = "tenant-1",
            Storefront = TestPrincipals.StorefrontDid,
            Invocation = Vectors.OfferInvocation,
            InsertedAt = DateTimeOffset.UtcNow,
            Label = "label-1",
        });
        return put.Offer;
    }

    [Test]
    public async Task Duplicate_messages_record_the_deal_once_and_are_all_deleted()
    {
        var offer = await RegisterOfferAsync();
        await _stores.Queue.EnqueueAsync(DealerQueueMessage.Serialize(Vectors.Aggregate));
        await _stores.Queue.EnqueueAsync(DealerQueueMessage.Serialize(Vectors.Aggregate));

        var processed = await _consumer.ProcessBatchAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.That(processed, Is.EqualTo(2));
        var deal = await _stores.Deals.GetAsync(Vectors.Aggregate);
        Assert.That(deal!.Status, Is.EqualTo(DealStatus.Offered));
        Assert.That(deal.Offer, Is.EqualTo(_stores.Offers.UriFor(offer.Key).AbsoluteUri));
        Assert.That(deal.Offer, Does.StartWith("file://"));
        Assert.That((deal.Storefront, deal.PiecesLink, deal.Tenant, deal.Label),
            Is.EqualTo((offer.Storefront, offer.PiecesLink, offer.Tenant, offer.Label)));
        var page = await _stores.Deals.ListByStatusAsync(DealStatus.Offered, null, 10);
        Assert.That(page.Items, Has.Count.EqualTo(1));
        await Task.Delay(300);
        Assert.That(await _stores.Queue.ReceiveAsync(10, TimeSpan.Zero), Is.Empty);
    }

    [Test]
    public async Task Message_for_an_unknown_aggregate_stays_on_the_queue()
    {
        await _stores.Queue.EnqueueAsync(DealerQueueMessage.Serialize(Vectors.Aggregate));

        var processed = await _consumer.ProcessBatchAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.That(processed, Is.Zero);
        Assert.That(await _stores.Deals.GetAsync(Vectors.Aggregate), Is.Null);
        await Task.Delay(300);
        var again = await _stores.Queue.ReceiveAsync(10, TimeSpan.Zero);
        Assert.That(again, Has.Count.EqualTo(1));
        Assert.That(again[0].ReceiveCount, Is.EqualTo(2));
    }

    [Test]
    public async Task Malformed_message_is_not_deleted()
    {
        await _stores.Queue.EnqueueAsync("not json");

        var processed = await _consumer.ProcessBatchAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.That(processed, Is.Zero);
        await Task.Delay(300);
        Assert.That(await _stores.Queue.ReceiveAsync(10, TimeSpan.Zero), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Message_for_an_unknown_aggregate_reaches_the_dead_letters_after_the_allowed_receives()
    {
        await _stores.Queue.EnqueueAsync(DealerQueueMessage.Serialize(Vectors.Aggregate));

        for (var receive = 0; receive < 3; receive++)
        {
            Assert.That(await _consumer.ProcessBatchAsync(TimeSpan.Zero, CancellationToken.None), Is.Zero);
            await Task.Delay(300);
        }

        Assert.That(await _consumer.ProcessBatchAsync(TimeSpan.Zero, CancellationToken.None), Is.Zero);
        Assert.That(await _stores.DeadLetters!.CountAsync(), Is.EqualTo(1));
        Assert.That(await _stores.Queue.CountAsync(), Is.Zero);
    }

    [Test]
    public void Queue_message_body_round_trips()
    {
        var body = DealerQueueMessage.Serialize(Vectors.Aggregate);

        Assert.That(body, Is.EqualTo("{\"aggregate\":\"" + Vectors.Aggregate + "\"}"));
        Assert.That(DealerQueueMessage.TryParse(body, out var aggregate), Is.True);
        Assert.That(aggregate, Is.EqualTo(Vectors.Aggregate));
        Assert.That(DealerQueueMessage.TryParse("{\"aggregate\":1}", out _), Is.False);
        Assert.That(DealerQueueMessage.TryParse("[", out _), Is.False);
    }
}
