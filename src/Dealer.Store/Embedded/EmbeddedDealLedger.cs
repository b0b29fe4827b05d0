using System.Text.Json;
using Dealer.Store.Abstractions;
using Microsoft.Data.Sqlite;

namespace Dealer.Store.Embedded;

/// <summary>
/// The operator ledger as the <c>ledger</c> table (a later verdict for an aggregate replaces the earlier one) and the
/// <c>ledger_deals</c> table (every approved deal since the last rejection), written in one transaction.
/// </summary>
internal sealed class EmbeddedDealLedger : IDealLedger
{
    private readonly SqliteDatabase _database;

    public EmbeddedDealLedger(SqliteDatabase database) => _database = database;

    public Task RecordAsync(DealVerdict verdict, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentException.ThrowIfNullOrEmpty(verdict.Aggregate, nameof(verdict));
        return _database.RunAsync("record the verdict", queue: false, async (connection, token) =>
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var upsert = connection.Command("""
                INSERT INTO ledger (aggregate, approved, deal_id, provider, reason, recorded_at, invalid_pieces)
                VALUES ($aggregate, $approved, $deal_id, $provider, $reason, $recorded_at, $invalid_pieces)
                ON CONFLICT (aggregate) DO UPDATE SET
                    approved = excluded.approved, deal_id = excluded.deal_id, provider = excluded.provider,
                    reason = excluded.reason, recorded_at = excluded.recorded_at, invalid_pieces = excluded.invalid_pieces;
                """, transaction)
                .With("$aggregate", verdict.Aggregate)
                .With("$approved", verdict.Approved ? 1 : 0)
                .With("$deal_id", verdict.DealId)
                .With("$provider", verdict.Provider)
                .With("$reason", verdict.Reason)
                .With("$recorded_at", verdict.RecordedAt.ToStored())
                .With("$invalid_pieces", verdict.InvalidPieces.Count == 0
                    ? null
                    : JsonSerializer.Serialize(verdict.InvalidPieces, EmbeddedJson.Default.IReadOnlyListString));
            var rows = await upsert.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            using var deals = verdict is { Approved: true, DealId: { } dealId }
                ? connection.Command("""
                    INSERT INTO ledger_deals (aggregate, deal_id, provider) VALUES ($aggregate, $deal_id, $provider)
                    ON CONFLICT (aggregate, deal_id) DO UPDATE SET provider = excluded.provider;
                    """, transaction)
                    .With("$aggregate", verdict.Aggregate)
                    .With("$deal_id", dealId)
                    .With("$provider", verdict.Provider ?? "")
                : connection.Command("DELETE FROM ledger_deals WHERE aggregate = $aggregate;", transaction)
                    .With("$aggregate", verdict.Aggregate);
            await deals.ExecuteNonQueryAsync(token).ConfigureAwait(false);
            transaction.Commit();
            return rows;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<LedgerDeal>> ListDealsAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        return _database.RunAsync("list the deals", queue: false, async (connection, token) =>
        {
            using var select = connection.Command(
                "SELECT deal_id, provider FROM ledger_deals WHERE aggregate = $aggregate ORDER BY deal_id;")
                .With("$aggregate", aggregate);
            using var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false);
            var deals = new List<LedgerDeal>();
            while (reader.Read())
            {
                deals.Add(new LedgerDeal(reader.GetInt64(0), reader.GetString(1)));
            }

            return (IReadOnlyList<LedgerDeal>)deals;
        }, cancellationToken);
    }

    public Task<DealVerdict?> GetAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        return _database.RunAsync("read the verdict", queue: false, async (connection, token) =>
        {
            using var select = connection.Command("""
                SELECT aggregate, approved, deal_id, provider, reason, recorded_at, invalid_pieces FROM ledger WHERE aggregate = $aggregate;
                """)
                .With("$aggregate", aggregate);
            using var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false);
            return reader.Read() ? ReadVerdict(reader) : null;
        }, cancellationToken);
    }

    /// <summary>Two statements over the whole batch (its aggregates as one JSON array parameter) on one connection.</summary>
    public Task<IReadOnlyDictionary<string, LedgerEntry>> GetManyAsync(IReadOnlyCollection<string> aggregates,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(aggregates);
        if (aggregates.Count == 0)
        {
            return Task.FromResult<IReadOnlyDictionary<string, LedgerEntry>>(new Dictionary<string, LedgerEntry>());
        }

        var keys = JsonSerializer.Serialize(aggregates as IReadOnlyList<string> ?? [.. aggregates], EmbeddedJson.Default.IReadOnlyListString);
        return _database.RunAsync("read the verdicts", queue: false, async (connection, token) =>
        {
            var verdicts = new Dictionary<string, DealVerdict>(StringComparer.Ordinal);
            var select = connection.Prepared("""
                SELECT aggregate, approved, deal_id, provider, reason, recorded_at, invalid_pieces FROM ledger
                WHERE aggregate IN (SELECT value FROM json_each($aggregates));
                """).With("$aggregates", keys);
            using (var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false))
            {
                while (reader.Read())
                {
                    var verdict = ReadVerdict(reader);
                    verdicts[verdict.Aggregate] = verdict;
                }
            }

            var deals = new Dictionary<string, List<LedgerDeal>>(StringComparer.Ordinal);
            select = connection.Prepared("""
                SELECT aggregate, deal_id, provider FROM ledger_deals
                WHERE aggregate IN (SELECT value FROM json_each($aggregates)) ORDER BY aggregate, deal_id;
                """).With("$aggregates", keys);
            using (var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false))
            {
                while (reader.Read())
                {
                    var aggregate = reader.GetString(0);
                    if (!deals.TryGetValue(aggregate, out var list))
                    {
                        deals[aggregate] = list = [];
                    }

                    list.Add(new LedgerDeal(reader.GetInt64(1), reader.GetString(2)));
                }
            }

            return (IReadOnlyDictionary<string, LedgerEntry>)verdicts.ToDictionary(
                pair => pair.Key,
                pair => new LedgerEntry(
                    pair.Value,
                    pair.Value is { Approved: true, DealId: not null } && deals.TryGetValue(pair.Key, out var list) ? list : []),
                StringComparer.Ordinal);
        }, cancellationToken);
    }

    private static DealVerdict ReadVerdict(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetInt64(1) == 1, reader.GetNullableInt64(2),
            reader.GetNullableString(3), reader.GetNullableString(4), reader.GetTimestamp(5))
        {
            InvalidPieces = reader.GetNullableString(6) is { } pieces
                ? JsonSerializer.Deserialize(pieces, EmbeddedJson.Default.IReadOnlyListString) ?? []
                : [],
        };
}
