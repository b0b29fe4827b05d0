using Dealer.Service.Configuration;
using Dealer.Service.Tests.Aws;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;

namespace Dealer.Service.Tests.Observability;

/// <summary>
/// <c>GET /metrics</c> of a real dealer on loopback, scraped before and after real offers over HTTP, a refused one, the
/// consumer recording the deals and the cron approving one: the series the operator's alerts use move as they should.
/// </summary>
[TestFixture(nameof(StoreKind.Embedded))]
[TestFixture(nameof(StoreKind.Aws))]
public sealed class MetricsTests
{
    // Two pieces of 8 KiB each (height 8) in every distinct offer.
    private const double PieceBytes = 8192;
    private readonly StoreKind _store;

    public MetricsTests(string store) => _store = Enum.Parse<StoreKind>(store);

    [Test]
    public async Task Scrape_counts_offers_pieces_outcomes_and_deals_as_they_happen()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with
        {
            MetricsRefresh = TimeSpan.FromMilliseconds(200),
            CronInterval = TimeSpan.FromMilliseconds(300),
        }, store: _store);
        var before = await Eventually.GetAsync(async () =>
        {
            var scrape = await PrometheusScrape.FetchAsync(dealer.Http);
            return scrape.Value("dealer_ready") is 1 ? scrape : null;
        });

        var first = DistinctOffer.Create();
        var second = DistinctOffer.Create();
        foreach (var invocation in new[] { first.Invocation, second.Invocation, first.Again("again") })
        {
            var receipt = await dealer.InvokeAsync(invocation);
            Assert.That(receipt.Out.IsOk, Is.True, receipt.Out.ErrorName);
        }

        // No proof: refused with a signed error receipt, counted under its error name.
        var refused = await dealer.InvokeAsync(Offers.DealOffer(TestPrincipals.StorefrontSigner, [], nonce: "refused"));
        Assert.That(refused.Out.IsOk, Is.False);
        var errorName = refused.Out.ErrorName!;

        var recorded = await Eventually.GetAsync(async () =>
        {
            var scrape = await PrometheusScrape.FetchAsync(dealer.Http);
            return scrape.Value("dealer_deals", ("status", "offered")) is 2 && scrape.Value("dealer_queue_messages") is 0 ? scrape : null;
        });

        Assert.Multiple(() =>
        {
            Assert.That(before.Value("dealer_aggregate_offer_total"), Is.EqualTo(0));
            Assert.That(before.Value("dealer_deals", ("status", "offered")), Is.EqualTo(0));
            Assert.That(recorded.Value("dealer_invocations_total", ("ability", "deal/offer"), ("outcome", "ok")), Is.EqualTo(3));
            Assert.That(recorded.Value("dealer_invocations_total", ("ability", "deal/offer"), ("outcome", errorName)), Is.EqualTo(1));
            Assert.That(recorded.Value("dealer_invocation_duration_seconds_count", ("ability", "deal/offer"), ("outcome", "ok")), Is.EqualTo(3));
            Assert.That(recorded.Value("dealer_invocation_duration_seconds_bucket", ("ability", "deal/offer"), ("outcome", "ok"), ("le", "+Inf")),
                Is.EqualTo(3));
            Assert.That(recorded.Value("dealer_aggregate_offer_total"), Is.EqualTo(2), "the re-offer is not a new aggregate");
            Assert.That(recorded.Value("dealer_aggregate_offer_pieces_total"), Is.EqualTo(4));
            Assert.That(recorded.Value("dealer_aggregate_offer_pieces_size_total"), Is.EqualTo(4 * PieceBytes));
            Assert.That(recorded.Value("dealer_queue_dead_letters"), Is.EqualTo(0));
            Assert.That(recorded.Value("dealer_deals_oldest_offered_age_seconds"), Is.GreaterThanOrEqualTo(0).And.LessThan(120));
            Assert.That(recorded.Value("dealer_consumer_batch_duration_seconds_count"), Is.GreaterThanOrEqualTo(1));
            Assert.That(recorded.Value("dealer_cron_tick_duration_seconds_count"), Is.GreaterThanOrEqualTo(1));
            Assert.That(recorded.Value("http_server_request_duration_seconds_count"), Is.GreaterThanOrEqualTo(4), "ASP.NET Core instrumentation");
        });

        await dealer.Stores.Ledger.RecordAsync(new DealVerdict(first.Aggregate, true, 4242, "f01234", null, DateTimeOffset.UtcNow));
        var approved = await Eventually.GetAsync(async () =>
        {
            var scrape = await PrometheusScrape.FetchAsync(dealer.Http);
            // The tick records its approvals once it returns, and the gauges read the store on their own schedule.
            return scrape.Value("dealer_deals", ("status", "approved")) is 1 && scrape.Value("dealer_deals", ("status", "offered")) is 1
                && scrape.Value("dealer_aggregate_accept_total") is 1
                ? scrape
                : null;
        });

        Assert.Multiple(() =>
        {
            Assert.That(approved.Value("dealer_aggregate_accept_total"), Is.EqualTo(1));
            Assert.That(approved.Value("dealer_invocations_total", ("ability", "deal/add"), ("outcome", "ok")), Is.EqualTo(1),
                "the cron's deal/add goes through the same server");
            Assert.That(approved.Value("dealer_cron_failures_total"), Is.EqualTo(0));
            Assert.That(approved.Value("dealer_ready"), Is.EqualTo(1));
        });
    }
}
