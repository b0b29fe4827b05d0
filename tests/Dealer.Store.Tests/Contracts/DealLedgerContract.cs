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
}
