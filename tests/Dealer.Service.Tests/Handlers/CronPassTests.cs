using Dealer.Service.Capabilities;
using Dealer.Service.Tracking;
using Dealer.Service.Tests.Aws;
using Dealer.Service.Tests.Support;
using Dealer.Store.Abstractions;
using Dealer.Ucan.Capabilities;
using Dealer.Ucan.Receipts;
using Microsoft.Extensions.DependencyInjection;

namespace Dealer.Service.Tests.Handlers;

/// <summary>
/// One cron pass over many OFFERED deals, a few of them decided, with pages smaller than the set and deals finished
/// side by side within a page: every decided deal is finished exactly once with its receipt, the rest stay OFFERED.
/// </summary>
public sealed class CronPassTests
{
    [Test]
    public async Task A_pass_over_many_offered_deals_finishes_exactly_the_decided_ones()
    {
        await using var dealer = await TestDealer.StartAsync(options => options with { RunConsumer = false, CronPageSize = 7 });
        var now = DateTimeOffset.UtcNow;
        var deals = await InsertOfferedAsync(dealer, 120, now);

        // Every tenth deal approved, every fifteenth (not also a tenth) rejected.
        var approved = deals.Where((_, i) => i % 10 == 0).ToList();
        var rejected = deals.Where((_, i) => i % 15 == 0 && i % 10 != 0).ToList();
        foreach (var deal in approved)
        {
            await dealer.Stores.Ledger.RecordAsync(new DealVerdict(deal.Aggregate, true, 1000, "f01234", null, now));
        }

        foreach (var deal in rejected)
        {
            await dealer.Stores.Ledger.RecordAsync(new DealVerdict(deal.Aggregate, false, null, null, "no", now));
        }

        var tick = await dealer.Cron.TickAsync(CancellationToken.None);

        Assert.That(tick, Is.EqualTo(new Cron.CronTickResult(120, approved.Count, rejected.Count, 120 - approved.Count - rejected.Count, 0)));
        foreach (var (deal, status) in approved.Select(d => (d, DealStatus.Approved)).Concat(rejected.Select(d => (d, DealStatus.Rejected))))
        {
            Assert.That((await dealer.Stores.Deals.GetAsync(deal.Aggregate))!.Status, Is.EqualTo(status), deal.Aggregate);
            var join = DealerCapabilities.DealAddInvocation(TestPrincipals.DealerSigner, StoredCaveats.Of(deal)).Cid;
            var car = await dealer.Stores.Receipts.GetAsync(join.ToString());
            Assert.That(car, Is.Not.Null, $"deal/add receipt of {deal.Aggregate}");
            var receipt = Receipt.Extract(car!);
            Assert.That(receipt.Out.IsOk, Is.EqualTo(status == DealStatus.Approved), deal.Aggregate);
        }

        var again = await dealer.Cron.TickAsync(CancellationToken.None);
        Assert.That(again, Is.EqualTo(new Cron.CronTickResult(tick.Pending, 0, 0, tick.Pending, 0)));
    }

    [Test]
    public async Task A_tracker_without_a_batch_form_is_asked_per_deal_and_one_failure_fails_only_its_deal()
    {
        var tracker = new SingleQuestionTracker();
        await using var dealer = await TestDealer.StartAsync(options => options with { RunConsumer = false, CronPageSize = 5 },
            configureServices: services => services.AddSingleton<IDealTracker>(tracker));
        var deals = await InsertOfferedAsync(dealer, 12, DateTimeOffset.UtcNow);

        tracker.Approved.UnionWith(deals.Take(6).Select(deal => deal.Aggregate));
        tracker.Failing = deals[2].Aggregate;

        var tick = await dealer.Cron.TickAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(tick, Is.EqualTo(new Cron.CronTickResult(12, 5, 0, 6, 1)));
            Assert.That(tracker.Asked, Is.EqualTo(12), "one question per deal, the decided ones are not asked again");
            Assert.That((await dealer.Stores.Deals.GetAsync(deals[2].Aggregate))!.Status, Is.EqualTo(DealStatus.Offered));
            Assert.That((await dealer.Stores.Deals.GetAsync(deals[3].Aggregate))!.Status, Is.EqualTo(DealStatus.Approved));
        });

        tracker.Failing = null;
        Assert.That(await dealer.Cron.TickAsync(CancellationToken.None), Is.EqualTo(new Cron.CronTickResult(7, 1, 0, 6, 0)));
    }

    /// <summary>Inserts <paramref name="count"/> OFFERED deals of distinct aggregates, one millisecond apart.</summary>
    private static async Task<List<DealRecord>> InsertOfferedAsync(TestDealer dealer, int count, DateTimeOffset now)
    {
        var deals = new List<DealRecord>();
        for (var i = 0; i < count; i++)
        {
            var offer = DistinctOffer.Create();
            var deal = new DealRecord
            {
                Aggregate = offer.Aggregate,
                Storefront = TestPrincipals.StorefrontDid,
                Offer = "file:///offers/" + i,
                PiecesLink = Offers.PiecesBlock(offer.Pieces).Cid.ToString(),
                Tenant = "tenant-1",
                Status = DealStatus.Offered,
                InsertedAt = now.AddMilliseconds(i),
                UpdatedAt = now,
            };
            Assert.That(await dealer.Stores.Deals.InsertAsync(deal), Is.True);
            deals.Add(deal);
        }

        return deals;
    }

    /// <summary>A deal tracker with no batch form: approves a set of aggregates, fails for one.</summary>
    private sealed class SingleQuestionTracker : IDealTracker
    {
        private int _asked;

        public HashSet<string> Approved { get; } = new(StringComparer.Ordinal);

        public string? Failing { get; set; }

        public int Asked => Volatile.Read(ref _asked);

        public Task<DealStatusReport> GetStatusAsync(string aggregate, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _asked);
            if (aggregate == Failing)
            {
                throw new StoreException("the tracker is away", isTransient: true);
            }

            return Task.FromResult(Approved.Contains(aggregate) ? DealStatusReport.Approved(7, "f07") : DealStatusReport.Pending);
        }
    }
}
