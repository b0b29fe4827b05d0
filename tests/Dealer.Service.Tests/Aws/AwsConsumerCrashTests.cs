using Dealer.Service.TestHost;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Client;

namespace Dealer.Service.Tests.Aws;

/// <summary>
/// A consumer killed (SIGKILL) after it received a message and before it recorded and deleted it: SQS delivers the
/// message again after the visibility timeout, and the deal-store ends with exactly one row. The API is a real
/// <c>dealer serve --no-consumer</c>; the consumer that dies is the test host's (<c>dealer consume</c> over a
/// dealer-queue that pauses after receiving, so that the kill lands in that window); the one that finishes the work is
/// a real <c>dealer consume</c>.
/// </summary>
public sealed class AwsConsumerCrashTests
{
    [Test]
    public async Task Consumer_killed_mid_message_leads_to_redelivery_and_exactly_one_deal_row()
    {
        await using var aws = await AwsTestResources.CreateAsync();
        var offer = DistinctOffer.Create();
        await using var api = await DealerProcess.StartAsync([.. aws.Arguments, "--no-consumer", "--no-cron"]);
        using (var http = new HttpClient())
        {
            var receipt = await new UcanClient(http, api.Url, TestPrincipals.DealerSigner.Verifier).InvokeAsync(offer.Invocation, CancellationToken.None);
            Assert.That(receipt.Out.IsOk, Is.True, receipt.Out.ErrorName);
        }

        // The pause holds the received message; the short visibility timeout brings it back soon after the kill.
        var environment = new Dictionary<string, string> { ["DEALER_QUEUE_VISIBILITY_TIMEOUT"] = "2" };
        await using (var doomed = DealerProcess.StartPausingConsumer(TimeSpan.FromSeconds(120), aws.Arguments, environment))
        {
            var announced = await doomed.WaitForErrorLineAsync(PauseAfterReceiveQueue.Announcement, TimeSpan.FromSeconds(30));
            Assert.That(announced, Does.Contain(offer.Aggregate));
            await doomed.KillAsync();
        }

        await using var stores = aws.OpenStores();
        Assert.That(await stores.Deals.GetAsync(offer.Aggregate), Is.Null, "the killed consumer recorded nothing");
        Assert.That(await aws.QueueDepthAsync(), Is.EqualTo(1), "the received message is still on the queue, in flight");

        await using var survivor = DealerProcess.Start(["consume", .. aws.Arguments]);
        var deal = await Eventually.GetAsync(() => stores.Deals.GetAsync(offer.Aggregate), TimeSpan.FromSeconds(30));
        Assert.That(deal.Status, Is.EqualTo(DealStatus.Offered));
        await AwsFaultTests.WaitForEmptyQueueAsync(aws);

        var rows = await stores.Deals.ListByStatusAsync(DealStatus.Offered, null, 10);
        Assert.That(rows.Items.Select(row => row.Aggregate), Is.EqualTo(new[] { offer.Aggregate }));
        Assert.That(survivor.ErrorOutput, Does.Contain($"Recorded deal {offer.Aggregate} as OFFERED"));
    }
}
