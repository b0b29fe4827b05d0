using Amazon.DynamoDBv2.Model;
using Dealer.Store.Abstractions;
using Dealer.Store.Aws;

namespace Dealer.Store.Tests.Aws;

[TestFixture]
public sealed class AwsFailureTests
{
    [Test]
    public async Task Missing_bucket_table_and_queue_are_permanent_store_errors()
    {
        // Unique names that InitAsync never created.
        await using var stores = AwsStores.Create(AwsEmulator.UniqueOptions());

        var offer = Assert.ThrowsAsync<StoreException>(() => stores.Offers.PutAsync(AwsTestData.Offer(1)));
        var deal = Assert.ThrowsAsync<StoreException>(() => stores.Deals.GetAsync(AwsTestData.Aggregate(1)));
        var receipt = Assert.ThrowsAsync<StoreException>(() => stores.Receipts.GetAsync("bafyreix"));
        var body = Assert.ThrowsAsync<StoreException>(() => stores.Offers.GetBodyAsync("2026-01-01T00:00:00.000Z x"));
        var queue = Assert.ThrowsAsync<QueueException>(() => stores.Queue.EnqueueAsync("x"));

        Assert.That(new StoreException?[] { offer, deal, receipt, body, queue }.Select(e => e!.IsTransient), Is.All.False);
        Assert.That(offer!.InnerException, Is.InstanceOf<ResourceNotFoundException>());
        Assert.That(receipt!.Message, Does.Contain("NoSuchBucket"));
    }

    [Test]
    public async Task An_unreachable_service_is_a_transient_error_after_the_retries()
    {
        var closed = LoopbackPorts.Unused();
        var nowhere = new Uri($"http://127.0.0.1:{closed}");
        await using var stores = AwsStores.Create(AwsEmulator.UniqueOptions() with
        {
            S3Endpoint = nowhere,
            SqsEndpoint = nowhere,
            DynamoDbEndpoint = nowhere,
            MaxErrorRetry = 1,
        });

        var deal = Assert.ThrowsAsync<StoreException>(() => stores.Deals.GetAsync(AwsTestData.Aggregate(1)));
        var receipt = Assert.ThrowsAsync<StoreException>(() => stores.Receipts.PutAsync("bafyreix", new byte[] { 1 }));
        var queue = Assert.ThrowsAsync<QueueException>(() => stores.Queue.EnqueueAsync("x"));

        Assert.That(deal!.IsTransient, Is.True, deal.ToString());
        Assert.That(receipt!.IsTransient, Is.True, receipt.ToString());
        Assert.That(queue!.IsTransient, Is.True, queue.ToString());
    }

    [Test]
    public async Task A_cancelled_call_throws_cancellation_not_a_store_error()
    {
        var (_, stores) = await AwsEmulator.CreateStoresAsync();
        await using var _ = stores;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(async () => await stores.Deals.GetAsync(AwsTestData.Aggregate(1), cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(async () => await stores.Offers.PutAsync(AwsTestData.Offer(1), cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }
}
