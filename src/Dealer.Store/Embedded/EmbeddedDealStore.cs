using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Dealer.Store.Abstractions;
using Microsoft.Data.Sqlite;

namespace Dealer.Store.Embedded;

/// <summary>The deal-store as the <c>deals</c> table, listed by status through the <c>deals_by_stat</c> index.</summary>
internal sealed class EmbeddedDealStore : IDealStore
{
    private const string Columns =
        "aggregate, storefront, offer, stat, pieces_link, tenant, label, inserted_at, updated_at, deal_id, provider, reason";

    /// <summary>
    /// One page in (inserted_at, aggregate) order after the cursor; the row-value comparison is a range on the
    /// <c>(stat, inserted_at, aggregate)</c> index, so a page costs its own size whatever the table holds.
    /// </summary>
    internal const string ListSql = $"""
        SELECT {Columns} FROM deals INDEXED BY deals_by_stat
        WHERE stat = $stat AND (inserted_at, aggregate) > ($after_inserted, $after_aggregate)
        ORDER BY inserted_at, aggregate
        LIMIT $limit;
        """;

    /// <summary>The conditional insert of a deal row: a deal recorded before is kept.</summary>
    private const string InsertSql = $"""
        INSERT INTO deals ({Columns})
        VALUES ($aggregate, $storefront, $offer, $stat, $pieces_link, $tenant, $label, $inserted_at, $updated_at,
                $deal_id, $provider, $reason)
        ON CONFLICT (aggregate) DO NOTHING;
        """;

    private readonly SqliteDatabase _database;

    public EmbeddedDealStore(SqliteDatabase database) => _database = database;

    public Task<bool> InsertAsync(DealRecord deal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deal);
        ArgumentException.ThrowIfNullOrEmpty(deal.Aggregate, nameof(deal));
        return _database.WriteAsync("insert the deal", queue: false,
            (connection, transaction) => Insert(connection, transaction, deal), cancellationToken);
    }

    /// <summary>Inserts <paramref name="deal"/> unless its aggregate has a deal; whether it did.</summary>
    internal static bool Insert(SqliteConnection connection, SqliteTransaction transaction, DealRecord deal) =>
        connection.Prepared(InsertSql, transaction)
            .With("$aggregate", deal.Aggregate)
            .With("$storefront", deal.Storefront)
            .With("$offer", deal.Offer)
            .With("$stat", (int)deal.Status)
            .With("$pieces_link", deal.PiecesLink)
            .With("$tenant", deal.Tenant)
            .With("$label", deal.Label)
            .With("$inserted_at", deal.InsertedAt.ToStored())
            .With("$updated_at", deal.UpdatedAt.ToStored())
            .With("$deal_id", deal.DealId)
            .With("$provider", deal.Provider)
            .With("$reason", deal.Reason)
            .ExecuteNonQuery() == 1;

    public Task<DealRecord?> GetAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        return _database.RunAsync("read the deal", queue: false, (connection, _) =>
        {
            var select = connection.Prepared($"SELECT {Columns} FROM deals WHERE aggregate = $aggregate;")
                .With("$aggregate", aggregate);
            using var reader = select.ExecuteReader();
            return Task.FromResult(reader.Read() ? ReadDeal(reader) : null);
        }, cancellationToken);
    }

    public Task<bool> TransitionAsync(string aggregate, DealStatus expected, DealTransition update,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        ArgumentNullException.ThrowIfNull(update);
        return _database.WriteAsync("update the deal", queue: false, (connection, transaction) =>
        {
            // The condition on stat makes this a compare-and-set: of two resolvers racing, exactly one sees a change.
            var transition = connection.Prepared("""
                UPDATE deals
                SET stat = $stat, updated_at = $updated_at, deal_id = $deal_id, provider = $provider, reason = $reason
                WHERE aggregate = $aggregate AND stat = $expected;
                """, transaction)
                .With("$stat", (int)update.Status)
                .With("$updated_at", update.At.ToStored())
                .With("$deal_id", update.DealId)
                .With("$provider", update.Provider)
                .With("$reason", update.Reason)
                .With("$aggregate", aggregate)
                .With("$expected", (int)expected);
            return transition.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    public Task<DealPage> ListByStatusAsync(DealStatus status, string? cursor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var (afterInserted, afterAggregate) = cursor is null ? (long.MinValue, "") : DecodeCursor(cursor);
        return _database.RunAsync("list deals", queue: false, async (connection, token) =>
        {
            // One row more than asked tells whether another page exists, so the last page carries no cursor.
            var select = connection.Prepared(ListSql)
                .With("$stat", (int)status)
                .With("$after_inserted", afterInserted)
                .With("$after_aggregate", afterAggregate)
                .With("$limit", limit + 1L);
            using var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false);
            var items = new List<DealRecord>(Math.Min(limit, 1024));
            var more = false;
            while (reader.Read())
            {
                if (items.Count == limit)
                {
                    more = true;
                    break;
                }

                items.Add(ReadDeal(reader));
            }

            return new DealPage(items, more ? EncodeCursor(items[^1]) : null);
        }, cancellationToken);
    }

    public Task<DealStatusSummary> SummarizeAsync(DealStatus status, CancellationToken cancellationToken = default) =>
        _database.RunAsync("summarize deals", queue: false, async (connection, token) =>
        {
            // Both aggregates are answered from the (stat, inserted_at, aggregate) index alone.
            using var select = connection.Command("""
                SELECT count(*), min(inserted_at) FROM deals INDEXED BY deals_by_stat WHERE stat = $stat;
                """)
                .With("$stat", (int)status);
            using var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false);
            reader.Read();
            var count = reader.GetInt64(0);
            return new DealStatusSummary(count, count == 0 ? null : reader.GetTimestamp(1));
        }, cancellationToken);

    private static DealRecord ReadDeal(SqliteDataReader reader) => new()
    {
        Aggregate = reader.GetString(0),
        Storefront = reader.GetString(1),
        Offer = reader.GetString(2),
        Status = (DealStatus)reader.GetInt32(3),
        PiecesLink = reader.GetString(4),
        Tenant = reader.GetString(5),
        Label = reader.GetNullableString(6),
        InsertedAt = reader.GetTimestamp(7),
        UpdatedAt = reader.GetTimestamp(8),
        DealId = reader.GetNullableInt64(9),
        Provider = reader.GetNullableString(10),
        Reason = reader.GetNullableString(11),
    };

    // The cursor is the last row's sort key, "<inserted ms> <aggregate>", base64url so callers treat it as opaque.
    private static string EncodeCursor(DealRecord last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            last.InsertedAt.ToStored().ToString(CultureInfo.InvariantCulture) + " " + last.Aggregate));

    private static (long InsertedAt, string Aggregate) DecodeCursor(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && long.TryParse(text.AsSpan(0, space), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var insertedAt))
            {
                return (insertedAt, text[(space + 1)..]);
            }
        }
        catch (FormatException)
        {
            // Reported below as the caller's mistake.
        }

        throw new ArgumentException("The cursor was not returned by this deal-store.", nameof(cursor));
    }
}
