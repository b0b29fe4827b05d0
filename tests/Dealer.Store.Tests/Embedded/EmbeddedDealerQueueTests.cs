using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Store.Tests.Contracts;
using Microsoft.Extensions.Time.Testing;

namespace Dealer.Store.Tests.Embedded;

/// <summary>
/// The dealer-queue contract against the embedded backend (real time, a 1 s visibility timeout), plus visibility,
/// dead-lettering and receipt handles on a fake clock, where nothing sleeps.
/// </summary>
[TestFixture]
public sealed class EmbeddedDealerQueueTests : DealerQueueContract
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(30);

    private readonly EmbeddedContractBackend _backend = new(new EmbeddedStoreOptions
    {
        VisibilityTimeout = ContractVisibilityTimeout,
        PollInterval = TimeSpan.FromMilliseconds(50),
    });

    private static TimeSpan ContractVisibilityTimeout => TimeSpan.FromSeconds(1);

    protected override TimeSpan VisibilityTimeout => ContractVisibilityTimeout;

    protected override Task<DealerStores> OpenAsync() => _backend.OpenAsync();

    protected override Task AfterCloseAsync() => _backend.DeleteAsync();

    private static TemporaryStores OpenOnClock(FakeTimeProvider clock, int maxReceives = 5) => TemporaryStores.Open(new EmbeddedStoreOptions
    {
        TimeProvider = clock,
        VisibilityTimeout = Visibility,
        MaxReceives = maxReceives,
    });

    [Test]
    public async Task Received_message_becomes_visible_exactly_when_the_visibility_timeout_ends()
    {
        var clock = new FakeTimeProvider(TestData.Epoch);
        await using var stores = OpenOnClock(clock);
        await stores.Queue.EnqueueAsync("m");
        await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);

        clock.Advance(Visibility - TimeSpan.FromMilliseconds(1));
        var before = await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var at = await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Empty);
            Assert.That(at.Select(m => m.ReceiveCount), Is.EqualTo(new[] { 2 }));
        });
    }

    [Test]
    public async Task Message_received_max_receives_times_is_dead_lettered_instead_of_delivered_again()
    {
        var clock = new FakeTimeProvider(TestData.Epoch);
        await using var stores = OpenOnClock(clock, maxReceives: 3);
        await stores.Queue.EnqueueAsync("poison");
        await stores.Queue.EnqueueAsync("healthy");
        var counts = new List<int>();
        string? id = null;
        for (var i = 0; i < 3; i++)
        {
            var received = await stores.Queue.ReceiveAsync(10, TimeSpan.Zero);
            var poison = received.Single(m => m.Body == "poison");
            counts.Add(poison.ReceiveCount);
            id = poison.Id;
            // The healthy message is processed and deleted the first time.
            await stores.Queue.DeleteAsync(received.Where(m => m.Body == "healthy").ToList());
            clock.Advance(Visibility);
        }

        var fourth = await stores.Queue.ReceiveAsync(10, TimeSpan.Zero);
        var letters = await stores.Queue.ListDeadLettersAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(counts, Is.EqualTo(new[] { 1, 2, 3 }));
            Assert.That(fourth, Is.Empty);
            Assert.That(await stores.Queue.CountDeadLettersAsync(), Is.EqualTo(1));
            Assert.That(letters, Is.EqualTo(new[] { new DeadLetter(id!, "poison", 3, TestData.Epoch, clock.GetUtcNow()) }));
        });
    }

    [Test]
    public async Task Stale_handle_from_an_expired_delivery_does_not_delete_the_newer_delivery()
    {
        var clock = new FakeTimeProvider(TestData.Epoch);
        await using var stores = OpenOnClock(clock);
        await stores.Queue.EnqueueAsync("slow");
        var stale = await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);
        clock.Advance(Visibility);
        var current = await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);

        await stores.Queue.DeleteAsync(stale);
        clock.Advance(Visibility);
        var afterStaleDelete = await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);
        await stores.Queue.DeleteAsync(afterStaleDelete);
        clock.Advance(Visibility);
        var afterCurrentDelete = await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(current.Single().ReceiptHandle, Is.Not.EqualTo(stale.Single().ReceiptHandle));
            Assert.That(afterStaleDelete.Select(m => (m.Body, m.ReceiveCount)), Is.EqualTo(new[] { ("slow", 3) }));
            Assert.That(afterCurrentDelete, Is.Empty);
        });
    }

    [Test]
    public async Task Stale_handle_does_not_release_the_newer_delivery()
    {
        var clock = new FakeTimeProvider(TestData.Epoch);
        await using var stores = OpenOnClock(clock);
        await stores.Queue.EnqueueAsync("held");
        var stale = (await stores.Queue.ReceiveAsync(1, TimeSpan.Zero)).Single();
        clock.Advance(Visibility);
        await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);

        await stores.Queue.ReleaseAsync(stale, TimeSpan.Zero);

        Assert.That(await stores.Queue.ReceiveAsync(1, TimeSpan.Zero), Is.Empty);
    }

    [Test]
    public async Task Released_handle_is_spent_and_cannot_delete_the_next_delivery()
    {
        var clock = new FakeTimeProvider(TestData.Epoch);
        await using var stores = OpenOnClock(clock);
        await stores.Queue.EnqueueAsync("retry");
        var first = await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);
        await stores.Queue.ReleaseAsync(first[0], TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromSeconds(9));
        var early = await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);
        clock.Advance(TimeSpan.FromSeconds(1));
        var second = await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);
        await stores.Queue.DeleteAsync(first);
        clock.Advance(Visibility);
        var third = await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Empty);
            Assert.That(second.Select(m => m.ReceiveCount), Is.EqualTo(new[] { 2 }));
            Assert.That(third.Select(m => m.ReceiveCount), Is.EqualTo(new[] { 3 }));
        });
    }

    [Test]
    public async Task Visible_messages_are_delivered_in_arrival_order()
    {
        var clock = new FakeTimeProvider(TestData.Epoch);
        await using var stores = OpenOnClock(clock);
        foreach (var body in new[] { "a", "b", "c", "d" })
        {
            await stores.Queue.EnqueueAsync(body);
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var first = await stores.Queue.ReceiveAsync(3, TimeSpan.Zero);
        var rest = await stores.Queue.ReceiveAsync(3, TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(first.Select(m => m.Body), Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(rest.Select(m => m.Body), Is.EqualTo(new[] { "d" }));
        });
    }

    [Test]
    public async Task Long_poll_is_timed_by_the_configured_clock()
    {
        var clock = new FakeTimeProvider(TestData.Epoch);
        await using var stores = OpenOnClock(clock);

        var receiving = stores.Queue.ReceiveAsync(1, TimeSpan.FromMinutes(10));
        await stores.Queue.EnqueueAsync("wake");
        // The poll sleeps on the fake clock: advance it in poll-sized steps until the receive notices the message.
        for (var i = 0; i < 100 && !receiving.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(10);
        }

        var received = await receiving.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(received.Select(m => m.Body), Is.EqualTo(new[] { "wake" }));
    }
}
