using System.Globalization;
using System.Text;
using Dealer.Store.Abstractions;

namespace Dealer.Store.Embedded;

/// <summary>The revocation store as the <c>revocations</c> table; the first revocation of a CID is kept.</summary>
internal sealed class EmbeddedRevocationStore : IRevocationStore
{
    // Well under SQLite's bound-parameter limit; proof chains are a handful of CIDs anyway.
    private const int BatchSize = 500;

    // The statement texts and parameter names of the usual chain lengths, built once (a race builds one twice).
    private static readonly string?[] SelectSqls = new string?[33];
    private static readonly string?[] ParameterNames = new string?[33];

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

        return _database.RunAsync("look up revocations", queue: false, (connection, _) =>
        {
            // A proof chain has a handful of CIDs, nearly always distinct: each is bound as it comes (a duplicate only
            // repeats a value in the IN list), and the statement for that many CIDs is prepared once per connection.
            HashSet<string>? revoked = null;
            foreach (var batch in delegations.Chunk(BatchSize))
            {
                var select = connection.Prepared(SelectSql(batch.Length));
                for (var i = 0; i < batch.Length; i++)
                {
                    select.With(ParameterName(i), batch[i]);
                }

                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    (revoked ??= new HashSet<string>(StringComparer.Ordinal)).Add(reader.GetString(0));
                }
            }

            // "First" is in the caller's order (the order of the proof chain), not the table's.
            return Task.FromResult(revoked is null ? null : delegations.FirstOrDefault(revoked.Contains));
        }, cancellationToken);
    }

    private static string SelectSql(int count) =>
        count < SelectSqls.Length ? SelectSqls[count] ??= BuildSelectSql(count) : BuildSelectSql(count);

    private static string ParameterName(int i) =>
        i < ParameterNames.Length ? ParameterNames[i] ??= "$d" + i.ToString(CultureInfo.InvariantCulture) : "$d" + i.ToString(CultureInfo.InvariantCulture);

    private static string BuildSelectSql(int count)
    {
        var sql = new StringBuilder("SELECT delegation FROM revocations WHERE delegation IN (");
        for (var i = 0; i < count; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(ParameterName(i));
        }

        return sql.Append(");").ToString();
    }
}
