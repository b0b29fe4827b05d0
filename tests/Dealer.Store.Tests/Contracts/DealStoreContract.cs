using Dealer.Store.Abstractions;

namespace Dealer.Store.Tests.Contracts;

/// <summary>What every <see cref="IDealStore"/> must do.</summary>
public abstract class DealStoreContract : StoreContract
{
    private IDealStore Deals => Stores.Deals;

    [Test]
    public async Task Insert_of_a_new_aggregate_stores_the_row_as_given()
    {
        var deal = TestData.Deal(TestData.At(42)) with { Label = "label-1" };

        var inserted = await Deals.InsertAsync(deal);

        Assert.That(inserted, Is.True);
        Assert.That(await Deals.GetAsync(deal.Aggregate), Is.EqualTo(deal));
    }

    [Test]
    public async Task Insert_of_a_recorded_aggregate_changes_nothing()
    {
        var deal = TestData.Deal(TestData.At(0));
        await Deals.InsertAsync(deal);

        var inserted = await Deals.InsertAsync(deal with { Storefront = "did:web:other.example.com", InsertedAt = TestData.At(9) });

        Assert.That(inserted, Is.False);
        Assert.That(await Deals.GetAsync(deal.Aggregate), Is.EqualTo(deal));
    }

    [Test]
    public async Task Unknown_aggregate_is_not_found()
    {
        Assert.That(await Deals.GetAsync(TestData.Aggregate()), Is.Null);
    }

    [Test]
    public async Task Transition_from_the_expected_status_sets_status_deal_and_time()
    {
        var deal = TestData.Deal(TestData.At(0));
        await Deals.InsertAsync(deal);

        var moved = await Deals.TransitionAsync(deal.Aggregate, DealStatus.Offered,
            new DealTransition(DealStatus.Approved, TestData.At(5_000), DealId: 1234, Provider: "f01000"));

        Assert.That(moved, Is.True);
        Assert.That(await Deals.GetAsync(deal.Aggregate), Is.EqualTo(deal with
        {
            Status = DealStatus.Approved,
            UpdatedAt = TestData.At(5_000),
            DealId = 1234,
            Provider = "f01000",
        }));
    }

    [Test]
    public async Task Transition_to_rejected_records_the_reason()
    {
        var deal = TestData.Deal();
        await Deals.InsertAsync(deal);

        await Deals.TransitionAsync(deal.Aggregate, DealStatus.Offered,
            new DealTransition(DealStatus.Rejected, TestData.At(1), Reason: "invalid aggregate"));

        var stored = await Deals.GetAsync(deal.Aggregate);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.Status, Is.EqualTo(DealStatus.Rejected));
            Assert.That(stored.Reason, Is.EqualTo("invalid aggregate"));
            Assert.That(stored.DealId, Is.Null);
        });
    }

    [Test]
    public async Task Transition_from_a_status_the_row_is_no_longer_in_does_nothing()
    {
        var deal = TestData.Deal();
        await Deals.InsertAsync(deal);
        await Deals.TransitionAsync(deal.Aggregate, DealStatus.Offered, new DealTransition(DealStatus.Approved, TestData.At(1), 7, "f07"));

        var second = await Deals.TransitionAsync(deal.Aggregate, DealStatus.Offered,
            new DealTransition(DealStatus.Rejected, TestData.At(2), Reason: "late"));

        Assert.That(second, Is.False);
        var stored = await Deals.GetAsync(deal.Aggregate);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.Status, Is.EqualTo(DealStatus.Approved));
            Assert.That(stored.DealId, Is.EqualTo(7));
            Assert.That(stored.Reason, Is.Null);
        });
    }

    [Test]
    public async Task Transition_of_an_unknown_aggregate_does_nothing()
    {
        var moved = await Deals.TransitionAsync(TestData.Aggregate(), DealStatus.Offered,
            new DealTransition(DealStatus.Approved, TestData.At(1), 1, "f01"));

        Assert.That(moved, Is.False);
    }

    [Test]
    public async Task Listing_by_status_pages_through_exactly_the_rows_in_that_status()
    {
        var offered = new List<DealRecord>();
        for (var i = 0; i < 7; i++)
        {
            var deal = TestData.Deal(TestData.At(i * 10));
            offered.Add(deal);
            await Deals.InsertAsync(deal);
        }

        var approved = TestData.Deal(TestData.At(3), DealStatus.Approved);
        await Deals.InsertAsync(approved);
        await Deals.TransitionAsync(offered[6].Aggregate, DealStatus.Offered, new DealTransition(DealStatus.Rejected, TestData.At(99), Reason: "no"));

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Deals.ListByStatusAsync(DealStatus.Offered, cursor, 2);
            Assert.That(page.Items, Has.Count.LessThanOrEqualTo(2));
            Assert.That(page.Items.Select(d => d.Status), Is.All.EqualTo(DealStatus.Offered));
            seen.AddRange(page.Items.Select(d => d.Aggregate));
            cursor = page.Cursor;
        }
        while (cursor is not null && ++pages < 100);

        Assert.That(seen, Is.EquivalentTo(offered.Take(6).Select(d => d.Aggregate)));
        Assert.That(seen, Is.Unique);
    }

    [Test]
    public async Task Listing_a_status_without_rows_returns_an_empty_last_page()
    {
        await Deals.InsertAsync(TestData.Deal());

        var page = await Deals.ListByStatusAsync(DealStatus.Rejected, null, 10);

        Assert.Multiple(() =>
        {
            Assert.That(page.Items, Is.Empty);
            Assert.That(page.Cursor, Is.Null);
        });
    }

    [Test]
    public void Listing_with_a_limit_below_one_is_refused()
    {
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Deals.ListByStatusAsync(DealStatus.Offered, null, 0));
    }

    [Test]
    public async Task Summary_counts_the_rows_in_a_status_and_gives_the_oldest_insert()
    {
        await Deals.InsertAsync(TestData.Deal(TestData.At(30)));
        await Deals.InsertAsync(TestData.Deal(TestData.At(10)));
        var moved = TestData.Deal(TestData.At(5));
        await Deals.InsertAsync(moved);
        await Deals.InsertAsync(TestData.Deal(TestData.At(1), DealStatus.Approved));
        await Deals.TransitionAsync(moved.Aggregate, DealStatus.Offered, new DealTransition(DealStatus.Rejected, TestData.At(99), Reason: "no"));

        var offered = await Deals.SummarizeAsync(DealStatus.Offered);
        var approved = await Deals.SummarizeAsync(DealStatus.Approved);
        var rejected = await Deals.SummarizeAsync(DealStatus.Rejected);

        Assert.Multiple(() =>
        {
            Assert.That(offered, Is.EqualTo(new DealStatusSummary(2, TestData.At(10))));
            Assert.That(approved, Is.EqualTo(new DealStatusSummary(1, TestData.At(1))));
            Assert.That(rejected, Is.EqualTo(new DealStatusSummary(1, TestData.At(5))));
        });
    }

    [Test]
    public async Task Summary_of_a_status_without_rows_is_zero_with_no_oldest()
    {
        await Deals.InsertAsync(TestData.Deal());

        Assert.That(await Deals.SummarizeAsync(DealStatus.Approved), Is.EqualTo(new DealStatusSummary(0, null)));
    }
}
