using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Store.Tests.Contracts;

namespace Dealer.Store.Tests.Embedded;

/// <summary>The dead-letter contract against the embedded backend's <c>queue_dead_letters</c> table.</summary>
[TestFixture]
public sealed class EmbeddedDeadLettersTests : DeadLettersContract
{
    private readonly EmbeddedContractBackend _backend = new(new EmbeddedStoreOptions
    {
        VisibilityTimeout = TimeSpan.FromSeconds(1),
        MaxReceives = 2,
        PollInterval = TimeSpan.FromMilliseconds(50),
    });

    protected override Task<DealerStores> OpenAsync() => _backend.OpenAsync();

    protected override Task AfterCloseAsync() => _backend.DeleteAsync();

    [Test]
    public async Task Redrive_keeps_the_oldest_dead_letters_first_and_gives_them_new_ids()
    {
        var queue = Stores.Queue;
        await queue.EnqueueAsync("first");
        for (var i = 0; i <= queue.MaxReceives; i++)
        {
            foreach (var message in await queue.ReceiveAsync(1, TimeSpan.FromSeconds(1)))
            {
                await queue.ReleaseAsync(message, TimeSpan.Zero);
            }
        }

        await queue.EnqueueAsync("second");
        for (var i = 0; i <= queue.MaxReceives; i++)
        {
            foreach (var message in await queue.ReceiveAsync(1, TimeSpan.FromSeconds(1)))
            {
                await queue.ReleaseAsync(message, TimeSpan.Zero);
            }
        }

        var letters = await Stores.DeadLetters!.ListAsync(10);
        var moved = await Stores.DeadLetters.RedriveAsync(1);
        var received = await queue.ReceiveAsync(10, TimeSpan.FromSeconds(1));
        var left = await Stores.DeadLetters.ListAsync(10);

        Assert.Multiple(() =>
        {
            Assert.That(letters.Select(l => l.Body), Is.EqualTo(new[] { "first", "second" }));
            Assert.That(letters.All(l => l.DeadLetteredAt is not null && l.EnqueuedAt is not null), Is.True);
            Assert.That(moved, Is.EqualTo(1));
            Assert.That(received.Select(m => m.Body), Is.EqualTo(new[] { "first" }));
            Assert.That(received.Select(m => m.Id), Is.Not.EqualTo(new[] { letters[0].Id }), "a redriven message is a new message");
            Assert.That(left.Select(l => l.Body), Is.EqualTo(new[] { "second" }));
        });
    }
}
