using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.SQS.Model;
using Dealer.Store.Abstractions;
using Dealer.Store.Aws;

namespace Dealer.Store.Tests.Aws;

[TestFixture]
public sealed class AwsDealerQueueTests
{
    [Test]
    public async Task A_message_is_received_with_its_count_and_gone_once_deleted()
    {
        var (_, stores) = await AwsEmulator.CreateStoresAsync();
        await using var _ = stores;

        await stores.Queue.EnqueueAsync("{\"aggregate\":\"bafkzcibq1\"}");
        var received = await stores.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(2));
        await stores.Queue.DeleteAsync(received);
        var after = await stores.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(1));

        Assert.That(received, Has.Count.EqualTo(1));
        Assert.That(received[0].Body, Is.EqualTo("{\"aggregate\":\"bafkzcibq1\"}"));
        Assert.That(received[0].ReceiveCount, Is.EqualTo(1));
        Assert.That(after, Is.Empty);
    }

    [Test]
    public async Task A_batch_receive_returns_at_most_ten_and_a_batch_delete_takes_more()
    {
        var (_, stores) = await AwsEmulator.CreateStoresAsync();
        await using var _ = stores;
        for (var i = 0; i < 15; i++)
        {
            await stores.Queue.EnqueueAsync($"m{i}");
        }

        var all = new List<QueueMessage>();
        for (var round = 0; round < 10 && all.Count < 15; round++)
        {
            var batch = await stores.Queue.ReceiveAsync(50, TimeSpan.FromSeconds(1));
            Assert.That(batch, Has.Count.LessThanOrEqualTo(10));
            all.AddRange(batch);
        }

        await stores.Queue.DeleteAsync(all);

        Assert.That(all.Select(m => m.Body), Is.EquivalentTo(Enumerable.Range(0, 15).Select(i => $"m{i}")));
        Assert.That(await stores.Queue.ReceiveAsync(10, TimeSpan.Zero), Is.Empty);
    }

    [Test]
    public async Task A_long_poll_returns_a_message_sent_while_it_waits()
    {
        var (_, stores) = await AwsEmulator.CreateStoresAsync();
        await using var _ = stores;
        var clock = Stopwatch.StartNew();

        var receive = stores.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(10));
        await Task.Delay(500);
        await stores.Queue.EnqueueAsync("late");
        var received = await receive;

        Assert.That(received.Single().Body, Is.EqualTo("late"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(8)));
    }

    [Test]
    public async Task An_empty_long_poll_waits_before_returning_nothing()
    {
        var (_, stores) = await AwsEmulator.CreateStoresAsync();
        await using var _ = stores;
        var clock = Stopwatch.StartNew();

        var received = await stores.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(2));

        Assert.That(received, Is.Empty);
        Assert.That(clock.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(1.5)));
    }

    [Test]
    public async Task A_released_message_comes_back_after_the_delay_with_a_higher_count()
    {
        var (_, stores) = await AwsEmulator.CreateStoresAsync();
        await using var _ = stores;
        await stores.Queue.EnqueueAsync("retry me");
        var first = (await stores.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(2))).Single();

        await stores.Queue.ReleaseAsync(first, TimeSpan.FromSeconds(2));
        var tooEarly = await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);
        var again = await stores.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(6));

        Assert.That(tooEarly, Is.Empty);
        Assert.That(again.Single().Id, Is.EqualTo(first.Id));
        Assert.That(again.Single().ReceiveCount, Is.EqualTo(2));
    }

    [Test]
    public async Task A_message_received_max_receives_times_goes_to_the_dead_letter_queue()
    {
        var (options, stores) = await AwsEmulator.CreateStoresAsync(o => o with { MaxReceives = 2 });
        await using var _ = stores;
        await stores.Queue.EnqueueAsync("poison");

        var counts = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            var message = (await stores.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(2))).Single();
            counts.Add(message.ReceiveCount);
            await stores.Queue.ReleaseAsync(message, TimeSpan.Zero);
        }

        var third = await stores.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(1));

        Assert.That(counts, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(third, Is.Empty);
        using var clients = AwsClients.Create(options);
        var deadLetterUrl = (await clients.Sqs.GetQueueUrlAsync(options.DeadLetterQueueName)).QueueUrl;
        var dead = await clients.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = deadLetterUrl, WaitTimeSeconds = 2 });
        Assert.That(dead.Messages?.Select(m => m.Body), Is.EqualTo(new[] { "poison" }));
    }

    [Test]
    public async Task Competing_consumers_process_each_message_once()
    {
        var (_, stores) = await AwsEmulator.CreateStoresAsync(o => o with { VisibilityTimeout = TimeSpan.FromMinutes(2) });
        await using var _ = stores;
        const int total = 60;
        await Task.WhenAll(Enumerable.Range(0, total).Select(i => stores.Queue.EnqueueAsync($"job {i}")));
        var processed = new ConcurrentBag<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        async Task ConsumeAsync()
        {
            while (processed.Count < total && !deadline.IsCancellationRequested)
            {
                var batch = await stores.Queue.ReceiveAsync(10, TimeSpan.FromSeconds(1), deadline.Token);
                foreach (var message in batch)
                {
                    processed.Add(message.Body);
                }

                if (batch.Count > 0)
                {
                    await stores.Queue.DeleteAsync(batch, deadline.Token);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(ConsumeAsync)));

        Assert.That(processed, Has.Count.EqualTo(total));
        Assert.That(processed, Is.EquivalentTo(Enumerable.Range(0, total).Select(i => $"job {i}")));
    }

    [Test]
    public async Task Cancelling_a_long_poll_ends_it_with_cancellation()
    {
        var (_, stores) = await AwsEmulator.CreateStoresAsync();
        await using var _ = stores;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        Assert.That(async () => await stores.Queue.ReceiveAsync(1, TimeSpan.FromSeconds(20), cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }
}
