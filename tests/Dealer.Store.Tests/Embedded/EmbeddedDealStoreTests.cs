using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Store.Tests.Contracts;
using Microsoft.Data.Sqlite;

namespace Dealer.Store.Tests.Embedded;

/// <summary>The deal-store contract against the embedded backend, plus paging at scale and the index it uses.</summary>
[TestFixture]
public sealed class EmbeddedDealStoreTests : DealStoreContract
{
    private readonly EmbeddedContractBackend _backend = new();

    protected override Task<DealerStores> OpenAsync() => _backend.OpenAsync();

    protected override Task AfterCloseAsync() => _backend.DeleteAsync();

    [Test]
    public async Task Paging_through_250_offered_deals_100_at_a_time_returns_each_once_oldest_first()
    {
        var deals = new List<DealRecord>();
        for (var i = 0; i < 250; i++)
        {
            // Pairs share a timestamp, so the aggregate tie-break in the cursor matters.
            var deal = TestData.Deal(TestData.At(i / 2));
            deals.Add(deal);
            await Stores.Deals.InsertAsync(deal);
        }

        for (var i = 0; i < 10; i++)
        {
            await Stores.Deals.InsertAsync(TestData.Deal(TestData.At(i), DealStatus.Approved));
        }

        var pages = new List<DealPage>();
        string? cursor = null;
        do
        {
            var page = await Stores.Deals.ListByStatusAsync(DealStatus.Offered, cursor, 100);
            pages.Add(page);
            cursor = page.Cursor;
        }
        while (cursor is not null && pages.Count < 10);

        var expected = deals.OrderBy(d => d.InsertedAt).ThenBy(d => d.Aggregate, StringComparer.Ordinal).Select(d => d.Aggregate);
        Assert.Multiple(() =>
        {
            Assert.That(pages.Select(p => p.Items.Count), Is.EqualTo(new[] { 100, 100, 50 }));
            Assert.That(pages.Select(p => p.Cursor is null), Is.EqualTo(new[] { false, false, true }));
            Assert.That(pages.SelectMany(p => p.Items).Select(d => d.Aggregate), Is.EqualTo(expected));
        });
    }

    [Test]
    public async Task A_full_last_page_carries_no_cursor()
    {
        for (var i = 0; i < 4; i++)
        {
            await Stores.Deals.InsertAsync(TestData.Deal(TestData.At(i)));
        }

        var first = await Stores.Deals.ListByStatusAsync(DealStatus.Offered, null, 2);
        var second = await Stores.Deals.ListByStatusAsync(DealStatus.Offered, first.Cursor, 2);

        Assert.Multiple(() =>
        {
            Assert.That(first.Cursor, Is.Not.Null);
            Assert.That(second.Items, Has.Count.EqualTo(2));
            Assert.That(second.Cursor, Is.Null);
        });
    }

    [Test]
    public void A_cursor_this_store_did_not_issue_is_refused()
    {
        Assert.That(async () => await Stores.Deals.ListByStatusAsync(DealStatus.Offered, "not a cursor!", 10),
            Throws.ArgumentException);
    }

    [Test]
    public void Listing_by_status_is_a_range_search_of_the_stat_index()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_backend.Directory, EmbeddedStores.DatabaseFileName)}");
        connection.Open();
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + EmbeddedDealStore.ListSql;
        explain.Parameters.AddWithValue("$stat", 0);
        explain.Parameters.AddWithValue("$after_inserted", 0L);
        explain.Parameters.AddWithValue("$after_aggregate", "");
        explain.Parameters.AddWithValue("$limit", 101L);
        using var reader = explain.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        Assert.That(plan, Has.Some.Contains("USING INDEX deals_by_stat (stat=? AND"));
        Assert.That(plan, Has.None.Contains("TEMP B-TREE"), "rows come out of the index already ordered");
    }
}
