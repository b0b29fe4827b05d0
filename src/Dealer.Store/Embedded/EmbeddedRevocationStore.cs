using System.Text;
using Dealer.Store.Abstractions;

namespace Dealer.Store.Embedded;

/// <summary>The revocation store as the <c>revocations</c> table; the first revocation of a CID is kept.</summary>
internal sealed class EmbeddedRevocationStore : IRevocationStore
{
    // Well under SQLite's bound-parameter limit; proof chains are a handful of CIDs anyway.
    private const int BatchSize = 500;

    private readonly SqliteDatabase _database;

    public EmbeddedRevocationStore(SqliteDatabase database) => _database = database;

    public Task RevokeAsync(string delegation, string? reason, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(delegation);
        return _database.RunAsync("record the revocation", queue: false, async (connection, token) =>
        {
            using var insert = connection.Command("""
                INSERT INTO revocations (delegation, reason, revoked_at) VALUES ($delegation, $reason, $revoked_at)
                ON CONFLICT (delegation) DO NOTHING;
                """)
                .With("$delegation", delegation)
                .With("$reason", reason)
                .With("$revoked_at", at.ToStored());
            return await insert.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<string?> FindRevokedAsync(IReadOnlyCollection<string> delegations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delegations);
        if (delegations.Count == 0)
        {
            return Task.FromResult<string?>(null);
        }

        return _database.RunAsync("look up revocations", queue: false, async (connection, token) =>
        {
            var revoked = new HashSet<string>(StringComparer.Ordinal);
            foreach (var batch in delegations.Distinct(StringComparer.Ordinal).Chunk(BatchSize))
            {
                var sql = new StringBuilder("SELECT delegation FROM revocations WHERE delegation IN (");
                using var select = connection.CreateCommand();
                for (var i = 0; i < batch.Length; i++)
                {
                    sql.Append(i == 0 ? "$d" : ", $d").Append(i);
                    select.With("$d" + i, batch[i]);
                }

                select.CommandText = sql.Append(");").ToString();
                using var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false);
                while (reader.Read())
                {
                    revoked.Add(reader.GetString(0));
                }
            }

            // "First" is in the caller's order (the order of the proof chain), not the table's.
            return delegations.FirstOrDefault(revoked.Contains);
        }, cancellationToken);
    }
}
