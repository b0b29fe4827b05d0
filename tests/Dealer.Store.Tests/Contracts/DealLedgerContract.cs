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
    public async Task Aggregate_without_a_verdict_is_not_found()
    {
        Assert.That(await Ledger.GetAsync(TestData.Aggregate()), Is.Null);
    }
}
