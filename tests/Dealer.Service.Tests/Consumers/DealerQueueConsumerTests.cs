using Dealer.Service.Configuration;
using Dealer.Service.Consumers;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dealer.Service.Tests.Consumers;

/// <summary>The consumer records each offer exactly once and deletes a message only after recording it.</summary>
public sealed class DealerQueueConsumerTests
{
    private string _directory = null!;
    private DealerStores _stores = null!;
    private DealerQueueConsumer _consumer = null!;

    [SetUp]
    public void Open()
    {
        _directory = TestDealer.NewDataDirectory();
        _stores = EmbeddedStores.Open(_directory, new EmbeddedStoreOptions { VisibilityTimeout = TimeSpan.FromMilliseconds(200) });
        _consumer = new DealerQueueConsumer(_stores, TestDealer.DefaultOptions(_directory), TimeProvider.System,
            NullLogger<DealerQueueConsumer>.Instance);
    }

    [TearDown]
    public async Task CloseAsync()
    {
        _consumer.Dispose();
        await _stores.DisposeAsync();
        TestDealer.TryDelete(_directory);
    }

    private async Task RegisterOfferAsync()
    {
        await _stores.Offers.PutAsync(new OfferRecord
        {
            Aggregate = Vectors.Aggregate,
            Pieces = Vectors.Pieces().Select(p => p.ToString()).ToList(),
            PiecesLink = Offers.PiecesBlock(Vectors.Pieces()).Cid.ToString(),
            Tenant = "tenant-1",
            Storefront = TestPrincipals.StorefrontDid,
            Invocation = Vectors.OfferInvocation,
            InsertedAt = DateTimeOffset.UtcNow,
        });
    }

    [Test]
    public async Task Duplicate_messages_record_the_deal_once_and_are_all_deleted()
    {
        await RegisterOfferAsync();
        await _stores.Queue.EnqueueAsync(DealerQueueMessage.Serialize(Vectors.Aggregate));
        await _stores.Queue.EnqueueAsync(DealerQueueMessage.Serialize(Vectors.Aggregate));

        var processed = await _consumer.ProcessBatchAsync(TimeSpan.Zero, CancellationToken.None);

        Assert.That(processed, Is.EqualTo(2));
        var deal = await _stores.Deals.GetAsync(Vectors.Aggregate);
        Assert.That(deal!.Status, Is.EqualTo(DealStatus.Offered));
        Assert.That(deal.Offer, Does.StartWith("file://"));
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
