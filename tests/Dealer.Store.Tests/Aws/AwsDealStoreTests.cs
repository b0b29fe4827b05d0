using Dealer.Store.Abstractions;

namespace Dealer.Store.Tests.Aws;

[TestFixture]
public sealed class AwsDealStoreTests
{
    private DealerStores _stores = null!;
    private int _next;

    [OneTimeSetUp]
    public async Task CreateAsync() => (_, _stores) = await AwsEmulator.CreateStoresAsync();

    [OneTimeTearDown]
    public async Task DisposeAsync() => await _stores.DisposeAsync();

    private DealRecord NextDeal() => AwsTestData.Deal(Interlocked.Increment(ref _next) + 1000);

    [Test]
    public async Task An_inserted_deal_reads_back_field_for_field()
    {
        var deal = NextDeal() with
        {
            Label = "a label",
            InsertedAt = new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.FromHours(1)).AddTicks(1234567),
        };

        Assert.That(await _stores.Deals.InsertAsync(deal), Is.True);

        Assert.That(await _stores.Deals.GetAsync(deal.Aggregate), Is.EqualTo(deal));
        Assert.That(await _stores.Deals.GetAsync("bafkzcibunknown"), Is.Null);
    }

    [Test]
    public async Task A_second_insert_of_the_aggregate_changes_nothing()
    {
        var deal = NextDeal();
        await _stores.Deals.InsertAsync(deal);

        var inserted = await _stores.Deals.InsertAsync(deal with { Storefront = "did:web:mallory.example" });

        Assert.That(inserted, Is.False);
        Assert.That((await _stores.Deals.GetAsync(deal.Aggregate))!.Storefront, Is.EqualTo(deal.Storefront));
    }

    [Test]
    public async Task A_transition_applies_once_from_the_expected_status()
    {
        var deal = NextDeal();
        await _stores.Deals.InsertAsync(deal);
        var at = deal.InsertedAt.AddHours(2);

        var first = await _stores.Deals.TransitionAsync(deal.Aggregate, DealStatus.Offered,
            new DealTransition(DealStatus.Approved, at, DealId: 123456789012, Provider: "f01234"));
        var second = await _stores.Deals.TransitionAsync(deal.Aggregate, DealStatus.Offered,
            new DealTransition(DealStatus.Rejected, at.AddHours(1), Reason: "too late"));

        Assert.That(first, Is.True);
        Assert.That(second, Is.False);
        Assert.That(await _stores.Deals.GetAsync(deal.Aggregate), Is.EqualTo(deal with
        {
            Status = DealStatus.Approved,
            UpdatedAt = at,
            DealId = 123456789012,
            Provider = "f01234",
        }));
    }

    [Test]
    public async Task A_transition_of_an_unknown_aggregate_does_not_create_a_row()
    {
        var moved = await _stores.Deals.TransitionAsync("bafkzcibghost", DealStatus.Offered,
            new DealTransition(DealStatus.Rejected, AwsTestData.Epoch, Reason: "none"));

        Assert.That(moved, Is.False);
        Assert.That(await _stores.Deals.GetAsync("bafkzcibghost"), Is.Null);
    }

    [Test]
    public async Task Status_pages_walk_the_stat_index_oldest_first_without_gaps_or_repeats()
    {
        // A table of its own, so that the listing holds exactly these rows.
        var (_, stores) = await AwsEmulator.CreateStoresAsync();
        await using var _ = stores;
        var offered = Enumerable.Range(1, 23).Select(n => AwsTestData.Deal(n, DealStatus.Offered)).ToArray();
        var approved = Enumerable.Range(100, 4).Select(n => AwsTestData.Deal(n, DealStatus.Approved)).ToArray();
        // Inserted out of time order: the index sorts by insertedAt.
        foreach (var deal in offered.Reverse().Concat(approved))
        {
            await stores.Deals.InsertAsync(deal);
        }

        var seen = new List<DealRecord>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await stores.Deals.ListByStatusAsync(DealStatus.Offered, cursor, limit: 5);
            Assert.That(page.Items, Has.Count.LessThanOrEqualTo(5));
            seen.AddRange(page.Items);
            cursor = page.Cursor;
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.That(seen, Is.EqualTo(offered));
        Assert.That(pages, Is.EqualTo(5), "23 rows in pages of 5: the last page carries no cursor");
        var approvedPage = await stores.Deals.ListByStatusAsync(DealStatus.Approved, null, limit: 10);
        Assert.That(approvedPage.Items, Is.EqualTo(approved));
        Assert.That(approvedPage.Cursor, Is.Null);
        Assert.That((await stores.Deals.ListByStatusAsync(DealStatus.Rejected, null, 10)).Items, Is.Empty);
    }

    [Test]
    public async Task An_exact_multiple_of_the_page_size_ends_without_an_empty_page()
    {
        var (_, stores) = await AwsEmulator.CreateStoresAsync();
        await using var _ = stores;
        for (var n = 1; n <= 4; n++)
        {
            await stores.Deals.InsertAsync(AwsTestData.Deal(n));
        }

        var first = await stores.Deals.ListByStatusAsync(DealStatus.Offered, null, 2);
        var second = await stores.Deals.ListByStatusAsync(DealStatus.Offered, first.Cursor, 2);

        Assert.That(first.Cursor, Is.Not.Null);
        Assert.That(second.Items.Select(d => d.Aggregate), Is.EqualTo(new[] { AwsTestData.Aggregate(3), AwsTestData.Aggregate(4) }));
        Assert.That(second.Cursor, Is.Null);
    }

    [Test]
    public async Task A_transitioned_row_moves_to_the_other_status_listing()
    {
        var (_, stores) = await AwsEmulator.CreateStoresAsync();
        await using var _ = stores;
        await stores.Deals.InsertAsync(AwsTestData.Deal(1));
        await stores.Deals.InsertAsync(AwsTestData.Deal(2));

        await stores.Deals.TransitionAsync(AwsTestData.Aggregate(1), DealStatus.Offered,
            new DealTransition(DealStatus.Rejected, AwsTestData.Epoch.AddDays(1), Reason: "no provider"));

        // DynamoDB Local updates the index at once; on AWS the index may lag (eventually consistent reads).
        var offered = await stores.Deals.ListByStatusAsync(DealStatus.Offered, null, 10);
        var rejected = await stores.Deals.ListByStatusAsync(DealStatus.Rejected, null, 10);
        Assert.That(offered.Items.Select(d => d.Aggregate), Is.EqualTo(new[] { AwsTestData.Aggregate(2) }));
        Assert.That(rejected.Items.Single().Reason, Is.EqualTo("no provider"));
    }

    [Test]
    public async Task A_cursor_from_another_status_or_not_from_the_store_is_refused()
    {
        var (_, stores) = await AwsEmulator.CreateStoresAsync();
        await using var _ = stores;
        for (var n = 1; n <= 3; n++)
        {
            await stores.Deals.InsertAsync(AwsTestData.Deal(n));
        }

        var cursor = (await stores.Deals.ListByStatusAsync(DealStatus.Offered, null, 1)).Cursor!;

        Assert.ThrowsAsync<ArgumentException>(() => stores.Deals.ListByStatusAsync(DealStatus.Approved, cursor, 1));
        Assert.ThrowsAsync<ArgumentException>(() => stores.Deals.ListByStatusAsync(DealStatus.Offered, "not a cursor", 1));
        Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => stores.Deals.ListByStatusAsync(DealStatus.Offered, null, 0));
    }
}
