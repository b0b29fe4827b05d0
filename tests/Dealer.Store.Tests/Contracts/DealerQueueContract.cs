using System.Diagnostics;
using Dealer.Store.Abstractions;

namespace Dealer.Store.Tests.Contracts;

/// <summary>
/// What every <see cref="IDealerQueue"/> must do. Timing is real: the factory configures a short visibility timeout
/// (<see cref="VisibilityTimeout"/>) and every wait is bounded, so a broken backend fails instead of hanging.
/// Nothing here relies on ordering, which a distributed queue does not promise.
/// </summary>
public abstract class DealerQueueContract : StoreContract
{
    /// <summary>Generous slack for a message that should come back to actually arrive.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    /// <summary>The visibility timeout the factory gives the queue; whole seconds keep it valid for any backend.</summary>
    protected abstract TimeSpan VisibilityTimeout { get; }

    private IDealerQueue Queue => Stores.Queue;

    [Test]
    public async Task Enqueued_message_is_received_with_its_body_and_a_first_receive_count()
    {
        await Queue.EnqueueAsync("""{"aggregate":"bafkzcib"}""");

        var received = await Queue.ReceiveAsync(10, Slack);

        Assert.That(received, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(received[0].Body, Is.EqualTo("""{"aggregate":"bafkzcib"}"""));
            Assert.That(received[0].ReceiveCount, Is.EqualTo(1));
            Assert.That(received[0].Id, Is.Not.Empty);
            Assert.That(received[0].ReceiptHandle, Is.Not.Empty);
        });
    }

    [Test]
    public async Task Delayed_message_is_received_only_after_its_delay()
    {
        await Queue.EnqueueAsync("later", TimeSpan.FromSeconds(2));

        var early = await Queue.ReceiveAsync(1, TimeSpan.Zero);
        var late = await Queue.ReceiveAsync(1, TimeSpan.FromSeconds(2) + Slack);

        Assert.That(early, Is.Empty);
        Assert.That(late.Select(message => message.Body), Is.EqualTo(new[] { "later" }));
        Assert.That(late[0].ReceiveCount, Is.EqualTo(1));
    }

    [Test]
    public void Delay_beyond_fifteen_minutes_is_refused() =>
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Queue.EnqueueAsync("too late", TimeSpan.FromMinutes(16)));

    [Test]
    public async Task Received_message_is_hidden_from_the_next_receive()
    {
        await Queue.EnqueueAsync("only");
        Assert.That(await Queue.ReceiveAsync(1, Slack), Has.Count.EqualTo(1));

        var again = await Queue.ReceiveAsync(1, TimeSpan.Zero);

        Assert.That(again, Is.Empty);
    }

    [Test]
    public async Task Undeleted_message_comes_back_after_the_visibility_timeout_with_a_new_handle()
    {
        await Queue.EnqueueAsync("retry me");
        var first = (await Queue.ReceiveAsync(1, Slack)).Single();

        var second = await Queue.ReceiveAsync(1, VisibilityTimeout + Slack);

        Assert.That(second, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(second[0].Id, Is.EqualTo(first.Id));
            Assert.That(second[0].Body, Is.EqualTo("retry me"));
            Assert.That(second[0].ReceiveCount, Is.EqualTo(2));
            Assert.That(second[0].ReceiptHandle, Is.Not.EqualTo(first.ReceiptHandle));
        });
    }

    [Test]
    public async Task Deleted_message_is_not_delivered_again()
    {
        await Queue.EnqueueAsync("done");
        var received = await Queue.ReceiveAsync(1, Slack);

        await Queue.DeleteAsync(received);
        var later = await Queue.ReceiveAsync(1, VisibilityTimeout + TimeSpan.FromSeconds(1));

        Assert.That(later, Is.Empty);
    }

    [Test]
    public async Task Released_message_without_delay_is_delivered_again_before_the_visibility_timeout()
    {
        await Queue.EnqueueAsync("again");
        var first = (await Queue.ReceiveAsync(1, Slack)).Single();

        await Queue.ReleaseAsync(first, TimeSpan.Zero);
        var second = await Queue.ReceiveAsync(1, VisibilityTimeout / 2);

        Assert.That(second, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(second[0].Id, Is.EqualTo(first.Id));
            Assert.That(second[0].ReceiveCount, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Released_message_with_a_delay_stays_hidden_for_the_delay()
    {
        await Queue.EnqueueAsync("later");
        var first = (await Queue.ReceiveAsync(1, Slack)).Single();

        await Queue.ReleaseAsync(first, VisibilityTimeout);
        var during = await Queue.ReceiveAsync(1, TimeSpan.Zero);
        var after = await Queue.ReceiveAsync(1, VisibilityTimeout + Slack);

        Assert.Multiple(() =>
        {
            Assert.That(during, Is.Empty);
            Assert.That(after.Select(m => m.Id), Is.EqualTo(new[] { first.Id }));
        });
    }

    [Test]
    public async Task Receive_on_an_empty_queue_waits_for_about_the_given_time_and_returns_nothing()
    {
        var clock = Stopwatch.StartNew();

        var received = await Queue.ReceiveAsync(1, TimeSpan.FromMilliseconds(500));

        Assert.Multiple(() =>
        {
            Assert.That(received, Is.Empty);
            Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400)));
            Assert.That(clock.Elapsed, Is.LessThan(Slack));
        });
    }

    [Test]
    public async Task Receive_returns_a_message_enqueued_while_it_waits()
    {
        var clock = Stopwatch.StartNew();
        var receiving = Queue.ReceiveAsync(1, TimeSpan.FromSeconds(20));
        await Task.Delay(200);

        await Queue.EnqueueAsync("arrived");
        var received = await receiving.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(received.Select(m => m.Body), Is.EqualTo(new[] { "arrived" }));
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)));
        });
    }

    [Test]
    public async Task Receive_returns_at_most_max_messages_and_every_message_is_eventually_received()
    {
        var bodies = Enumerable.Range(0, 5).Select(i => "message " + i).ToList();
        foreach (var body in bodies)
        {
            await Queue.EnqueueAsync(body);
        }

        var seen = new List<string>();
        for (var attempt = 0; attempt < 50 && seen.Count < bodies.Count; attempt++)
        {
            var batch = await Queue.ReceiveAsync(2, TimeSpan.FromSeconds(1));
            Assert.That(batch, Has.Count.LessThanOrEqualTo(2));
            seen.AddRange(batch.Select(m => m.Body));
            await Queue.DeleteAsync(batch);
        }

        Assert.That(seen, Is.EquivalentTo(bodies));
    }

    [Test]
    public void Receive_waiting_for_messages_stops_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        Assert.That(async () => await Queue.ReceiveAsync(1, TimeSpan.FromSeconds(30), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void Receive_of_fewer_than_one_message_is_refused()
    {
        Assert.That(async () => await Queue.ReceiveAsync(0, TimeSpan.Zero), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task Count_includes_visible_in_flight_and_delayed_messages_and_drops_after_delete()
    {
        Assert.That(await Queue.CountAsync(), Is.Zero);
        await Queue.EnqueueAsync("visible");
        await Queue.EnqueueAsync("in flight");
        await Queue.EnqueueAsync("delayed", TimeSpan.FromMinutes(5));
        var received = await Queue.ReceiveAsync(1, Slack);

        var held = await CountEventuallyAsync(3);
        await Queue.DeleteAsync(received);
        var left = await CountEventuallyAsync(2);

        Assert.Multiple(() =>
        {
            Assert.That(held, Is.EqualTo(3));
            Assert.That(left, Is.EqualTo(2));
        });
    }

    private Task<long> CountEventuallyAsync(long expected) => CountEventuallyAsync(() => Queue.CountAsync(CancellationToken.None), expected, Slack);
}
