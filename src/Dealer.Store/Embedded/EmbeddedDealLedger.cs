using Dealer.Store.Abstractions;

namespace Dealer.Store.Embedded;

/// <summary>The operator ledger as the <c>ledger</c> table; a later verdict for an aggregate replaces the earlier one.</summary>
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
            using var upsert = connection.Command("""
                INSERT INTO ledger (aggregate, approved, deal_id, provider, reason, recorded_at)
                VALUES ($aggregate, $approved, $deal_id, $provider, $reason, $recorded_at)
                ON CONFLICT (aggregate) DO UPDATE SET
                    approved = excluded.approved, deal_id = excluded.deal_id, provider = excluded.provider,
                    reason = excluded.reason, recorded_at = excluded.recorded_at;
                """)
                .With("$aggregate", verdict.Aggregate)
                .With("$approved", verdict.Approved ? 1 : 0)
                .With("$deal_id", verdict.DealId)
                .With("$provider", verdict.Provider)
                .With("$reason", verdict.Reason)
                .With("$recorded_at", verdict.RecordedAt.ToStored());
            return await upsert.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<DealVerdict?> GetAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        return _database.RunAsync("read the verdict", queue: false, async (connection, token) =>
        {
            using var select = connection.Command("""
                SELECT aggregate, approved, deal_id, provider, reason, recorded_at FROM ledger WHERE aggregate = $aggregate;
                """)
                .With("$aggregate", aggregate);
            using var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false);
            return reader.Read()
                ? new DealVerdict(reader.GetString(0), reader.GetInt64(1) == 1, reader.GetNullableInt64(2),
                    reader.GetNullableString(3), reader.GetNullableString(4), reader.GetTimestamp(5))
                : null;
        }, cancellationToken);
    }
}
