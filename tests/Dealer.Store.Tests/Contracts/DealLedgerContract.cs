using Dealer.Store.Abstractions;

namespace Dealer.Store.Tests.Contracts;

/// <summary>What every <see cref="IDealLedger"/> must do.</summary>
public abstract class DealLedgerContract : StoreContract
{
    private IDealLedger Ledger => Stores.Ledger;

    [Test]
    public async Task Recorded_approval_is_read_back()
    {
        var verdict = new DealVerdict(TestData.Aggregate(), Approved: true, DealId: 4242, Provider: "f01234", Reason: null, TestData.At(7));

        await Ledger.RecordAsync(verdict);

        Assert.That(await Ledger.GetAsync(verdict.Aggregate), Is.EqualTo(verdict));
    }

    [Test]
    public async Task A_later_verdict_replaces_the_earlier_one()
    {
        var aggregate = TestData.Aggregate();
        await Ledger.RecordAsync(new DealVerdict(aggregate, true, 1, "f01", null, TestData.At(1)));
        var rejection = new DealVerdict(aggregate, Approved: false, DealId: null, Provider: null, Reason: "expired", TestData.At(2));

        await Ledger.RecordAsync(rejection);

        Assert.That(await Ledger.GetAsync(aggregate), Is.EqualTo(rejection));
    }

    [Test]
    public async Task A_rejection_keeps_the_pieces_it_blames_until_a_later_verdict()
    {
        var aggregate = TestData.Aggregate();
        string[] pieces = [TestData.Aggregate(), TestData.Aggregate()];
        await Ledger.RecordAsync(new DealVerdict(aggregate, false, null, null, "bad pieces", TestData.At(1)) { InvalidPieces = pieces });

        var read = await Ledger.GetAsync(aggregate);

        Assert.Multiple(() =>
        {
            Assert.That(read!.InvalidPieces, Is.EqualTo(pieces), "in the order given");
            Assert.That(read with { InvalidPieces = [] }, Is.EqualTo(new DealVerdict(aggregate, false, null, null, "bad pieces", TestData.At(1))));
        });
        await Ledger.RecordAsync(new DealVerdict(aggregate, true, 5, "f05", null, TestData.At(2)));
        Assert.That((await Ledger.GetAsync(aggregate))!.InvalidPieces, Is.Empty);
    }

    [Test]
    public async Task Aggregate_without_a_verdict_is_not_found()
    {
        Assert.That(await Ledger.GetAsync(TestData.Aggregate()), Is.Null);
    }

    [Test]
    public async Task Approvals_add_their_deals_and_the_same_deal_again_replaces_its_provider()
    {
        var aggregate = TestData.Aggregate();
        await Ledger.RecordAsync(new DealVerdict(aggregate, true, 7, "f07", null, TestData.At(1)));
        await Ledger.RecordAsync(new DealVerdict(aggregate, true, 3, "f03", null, TestData.At(2)));
        var latest = new DealVerdict(aggregate, true, 7, "f08", null, TestData.At(3));

        await Ledger.RecordAsync(latest);

        Assert.Multiple(async () =>
        {
            Assert.That(await Ledger.ListDealsAsync(aggregate), Is.EqualTo(new[] { new LedgerDeal(3, "f03"), new LedgerDeal(7, "f08") }));
            Assert.That(await Ledger.GetAsync(aggregate), Is.EqualTo(latest), "the verdict is still the latest one");
        });
    }

    [Test]
    public async Task A_rejection_clears_the_deals_and_a_later_approval_starts_afresh()
    {
        var aggregate = TestData.Aggregate();
        await Ledger.RecordAsync(new DealVerdict(aggregate, true, 1, "f01", null, TestData.At(1)));
        await Ledger.RecordAsync(new DealVerdict(aggregate, false, null, null, "slashed", TestData.At(2)));
        Assert.That(await Ledger.ListDealsAsync(aggregate), Is.Empty);

        await Ledger.RecordAsync(new DealVerdict(aggregate, true, 2, "f02", null, TestData.At(3)));

        Assert.That(await Ledger.ListDealsAsync(aggregate), Is.EqualTo(new[] { new LedgerDeal(2, "f02") }));
    }

    [Test]
    public async Task Aggregate_without_deals_lists_none()
    {
        var pending = TestData.Aggregate();
        await Ledger.RecordAsync(new DealVerdict(pending, true, DealId: null, Provider: null, Reason: null, TestData.At(1)));

        Assert.Multiple(async () =>
        {
            Assert.That(await Ledger.ListDealsAsync(TestData.Aggregate()), Is.Empty);
            Assert.That(await Ledger.ListDealsAsync(pending), Is.Empty, "an approval without a deal id adds no deal");
        });
    }

    [Test]
    public async Task Many_verdicts_are_read_at_once_with_their_deals()
    {
        var approved = TestData.Aggregate();
        var renewed = TestData.Aggregate();
        var rejected = TestData.Aggregate();
        var undecided = TestData.Aggregate();
        var withoutDeal = TestData.Aggregate();
        await Ledger.RecordAsync(new DealVerdict(approved, true, 4, "f04", null, TestData.At(1)));
        await Ledger.RecordAsync(new DealVerdict(renewed, true, 9, "f09", null, TestData.At(2)));
        await Ledger.RecordAsync(new DealVerdict(renewed, true, 2, "f02", null, TestData.At(3)));
        await Ledger.RecordAsync(new DealVerdict(rejected, false, null, null, "bad", TestData.At(4)) { InvalidPieces = [approved] });
        await Ledger.RecordAsync(new DealVerdict(withoutDeal, true, null, null, null, TestData.At(5)));

        var entries = await Ledger.GetManyAsync([approved, renewed, rejected, undecided, withoutDeal, approved]);

        Assert.Multiple(() =>
        {
            Assert.That(entries.Keys, Is.EquivalentTo(new[] { approved, renewed, rejected, withoutDeal }), "no entry without a verdict");
            Assert.That(entries[approved].Verdict, Is.EqualTo(new DealVerdict(approved, true, 4, "f04", null, TestData.At(1))));
            Assert.That(entries[approved].Deals, Is.EqualTo(new[] { new LedgerDeal(4, "f04") }));
            Assert.That(entries[renewed].Verdict.DealId, Is.EqualTo(2), "the latest verdict");
            Assert.That(entries[renewed].Deals, Is.EqualTo(new[] { new LedgerDeal(2, "f02"), new LedgerDeal(9, "f09") }), "by deal id");
            Assert.That(entries[rejected].Verdict.Reason, Is.EqualTo("bad"));
            Assert.That(entries[rejected].Verdict.InvalidPieces, Is.EqualTo(new[] { approved }));
            Assert.That(entries[rejected].Deals, Is.Empty);
            Assert.That(entries[withoutDeal].Deals, Is.Empty);
        });
        Assert.That(await Ledger.GetManyAsync([]), Is.Empty);
    }
}
