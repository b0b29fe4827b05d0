using System.Diagnostics;
using Dealer.Store.Abstractions;

namespace Dealer.Store.Tests.Contracts;

/// <summary>
/// What every <see cref="IDeadLetters"/> must do. The factory configures a small <see cref="IDealerQueue.MaxReceives"/>
/// and a short visibility timeout; a message becomes a dead letter the way it does in production, by being received
/// and released that many times. Counts are polled with a deadline because SQS only reports approximate ones.
/// </summary>
public abstract class DeadLettersContract : StoreContract
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    private IDealerQueue Queue => Stores.Queue;

    private IDeadLetters DeadLetters => Stores.DeadLetters ?? throw new AssertionException("The backend exposes no dead letters.");

    [Test]
    public async Task Without_dead_letters_count_is_zero_list_is_empty_and_redrive_moves_nothing()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await DeadLetters.CountAsync(), Is.Zero);
            Assert.That(await DeadLetters.ListAsync(10), Is.Empty);
            Assert.That(await DeadLetters.RedriveAsync(10), Is.Zero);
        });
    }

    [Test]
    public async Task Message_received_max_receives_times_is_counted_and_listed_as_a_dead_letter()
    {
        await DeadLetterAsync("poison");

        var letters = await DeadLetters.ListAsync(10);

        Assert.That(letters, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(letters[0].Body, Is.EqualTo("poison"));
            Assert.That(letters[0].Id, Is.Not.Empty);
            Assert.That(letters[0].ReceiveCount, Is.GreaterThanOrEqualTo(Queue.MaxReceives));
        });
    }

    [Test]
    public async Task Listing_leaves_the_dead_letters_in_place()
    {
        await DeadLetterAsync("keep me");

        var first = await DeadLetters.ListAsync(10);
        var second = await DeadLetters.ListAsync(10);

        Assert.That(second.Select(l => (l.Id, l.Body)), Is.EqualTo(first.Select(l => (l.Id, l.Body))));
        Assert.That(second.Select(l => l.Body), Is.EqualTo(new[] { "keep me" }));
        Assert.That(await CountEventuallyAsync(1), Is.EqualTo(1));
    }

    [Test]
    public async Task Redriven_dead_letter_is_received_again_with_a_first_receive_count_and_leaves_the_dead_letters()
    {
        await DeadLetterAsync("""{"aggregate":"bafkzcib"}""");

        var moved = await DeadLetters.RedriveAsync(10);
        var received = await Queue.ReceiveAsync(10, Slack);

        Assert.That(moved, Is.EqualTo(1));
        Assert.That(received, Has.Count.EqualTo(1));
        Assert.Multiple(async () =>
        {
            Assert.That(received[0].Body, Is.EqualTo("""{"aggregate":"bafkzcib"}"""));
            Assert.That(received[0].ReceiveCount, Is.EqualTo(1));
            Assert.That(await CountEventuallyAsync(0), Is.Zero);
            Assert.That(await DeadLetters.ListAsync(10), Is.Empty);
        });
    }

    [Test]
    public async Task Redrive_moves_at_most_max_dead_letters()
    {
        await DeadLetterAsync("one", "two");

        var first = await DeadLetters.RedriveAsync(1);
        var left = await CountEventuallyAsync(1);
        var second = await DeadLetters.RedriveAsync(10);
        var received = await ReceiveAllAsync(2);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(1));
            Assert.That(left, Is.EqualTo(1));
            Assert.That(second, Is.EqualTo(1));
            Assert.That(received.Select(m => m.Body), Is.EquivalentTo(new[] { "one", "two" }));
        });
    }

    [Test]
    public void A_max_below_one_is_refused()
    {
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DeadLetters.ListAsync(0));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DeadLetters.RedriveAsync(0));
    }

    /// <summary>Enqueues the bodies and receives and releases them until the queue dead-letters all of them.</summary>
    private async Task DeadLetterAsync(params string[] bodies)
    {
        foreach (var body in bodies)
        {
            await Queue.EnqueueAsync(body);
        }

        for (var round = 0; round < Queue.MaxReceives; round++)
        {
            foreach (var message in await ReceiveAllAsync(bodies.Length))
            {
                Assert.That(message.ReceiveCount, Is.EqualTo(round + 1));
                await Queue.ReleaseAsync(message, TimeSpan.Zero);
            }
        }

        // The receive after the last allowed one is what moves a message (in SQS as in the embedded queue).
        Assert.That(await Queue.ReceiveAsync(10, TimeSpan.FromSeconds(1)), Is.Empty);
        Assert.That(await CountEventuallyAsync(bodies.Length), Is.EqualTo(bodies.Length), "all messages were dead-lettered");
    }

    private async Task<List<QueueMessage>> ReceiveAllAsync(int count)
    {
        var received = new List<QueueMessage>();
        var clock = Stopwatch.StartNew();
        while (received.Count < count && clock.Elapsed < Slack)
        {
            received.AddRange(await Queue.ReceiveAsync(count - received.Count, TimeSpan.FromSeconds(1)));
        }

        Assert.That(received, Has.Count.EqualTo(count), "messages expected on the queue");
        return received;
    }

    private Task<long> CountEventuallyAsync(long expected) => CountEventuallyAsync(() => DeadLetters.CountAsync(CancellationToken.None), expected, Slack);
}
