using System.Text.Json;
using Dealer.Service.Tests.Aws;
using Dealer.Service.Tests.Support;

namespace Dealer.Service.Tests.Cli;

/// <summary>
/// The queue states of <c>dealer trace</c> on the embedded store, whose queue dead-letters deterministically on the
/// receive after the last allowed one (SQS applies its redrive policy on its own schedule).
/// </summary>
public sealed class TraceCommandQueueStateTests
{
    [Test]
    public async Task An_offer_not_consumed_yet_is_queued_and_then_a_dead_letter()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with
        {
            RunConsumer = false,
            QueueMaxReceives = 1,
            QueueVisibilityTimeout = TimeSpan.FromSeconds(1),
        });
        var offer = DistinctOffer.Create();
        Assert.That((await dealer.InvokeAsync(offer.Invocation)).Out.IsOk, Is.True);

        var queued = await TraceCommandTests.TraceJsonAsync(dealer, offer.Aggregate);
        Assert.That(queued.GetProperty("queue").GetProperty("state").GetString(), Is.EqualTo("queued"));
        Assert.That(queued.GetProperty("deal").ValueKind, Is.EqualTo(JsonValueKind.Null));

        // A consumer that receives the message and dies before deleting it, once: with one receive allowed, the next
        // receive moves it to the dead letters.
        Assert.That(await dealer.Stores.Queue.ReceiveAsync(10, TimeSpan.Zero), Has.Count.EqualTo(1));
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.That(await dealer.Stores.Queue.ReceiveAsync(10, TimeSpan.Zero), Is.Empty);

        var dead = await TraceCommandTests.TraceJsonAsync(dealer, offer.Aggregate);
        var text = await DealerCli.RunAsync(["trace", offer.Aggregate, .. dealer.StoreArguments]);
        Assert.Multiple(() =>
        {
            Assert.That(dead.GetProperty("queue").GetProperty("state").GetString(), Is.EqualTo("dead-lettered"));
            Assert.That(dead.GetProperty("queue").GetProperty("deadLetter").GetProperty("receiveCount").GetInt32(), Is.EqualTo(1));
            Assert.That(dead.GetProperty("history").EnumerateArray().Select(e => e.GetProperty("event").GetString()),
                Is.EqualTo(new[] { "offer-accepted", "dead-lettered" }));
            Assert.That(text.Output, Does.Contain("queue        dead-lettered").And.Contain("dealer queue dead-letters --redrive"));
            Assert.That(text.Output, Does.Contain("deal         not recorded"));
        });
    }
}
