using Dealer.Service.Tests.Support;

namespace Dealer.Service.Tests.Observability;

/// <summary>
/// A message that can never be recorded shows on <c>/metrics</c> as a consumer failure and then as a dead letter.
/// On the embedded store, whose dead-lettering settings a test can shorten to seconds (the SQS redrive policy is set
/// when the resources are made; the SQS count has its own contract test).
/// </summary>
public sealed class DeadLetterMetricsTests
{
    [Test]
    public async Task A_dead_letter_and_a_consumer_failure_show_on_the_scrape()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with
        {
            MetricsRefresh = TimeSpan.FromMilliseconds(200),
            QueueMaxReceives = 1,
            QueueVisibilityTimeout = TimeSpan.FromSeconds(1),
        });

        // A malformed message can never succeed: received once, then dead-lettered.
        await dealer.Stores.Queue.EnqueueAsync("not a dealer-queue message");

        var scrape = await Eventually.GetAsync(async () =>
        {
            var next = await PrometheusScrape.FetchAsync(dealer.Http);
            return next.Value("dealer_queue_dead_letters") is 1 ? next : null;
        }, TimeSpan.FromSeconds(30));

        Assert.That(scrape.Value("dealer_consumer_failures_total", ("reason", "malformed")), Is.GreaterThanOrEqualTo(1));
    }
}
