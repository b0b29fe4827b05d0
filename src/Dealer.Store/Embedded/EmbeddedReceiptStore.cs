using Dealer.Store.Abstractions;

namespace Dealer.Store.Embedded;

/// <summary>
/// The receipt store as the <c>receipts</c> table: invocation CID to CAR bytes, the latest put winning, except that an
/// error receipt (<c>is_error</c> = 1) never replaces another receipt.
/// </summary>
internal sealed class EmbeddedReceiptStore : IReceiptStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public EmbeddedReceiptStore(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    public Task PutAsync(string invocation, ReadOnlyMemory<byte> car, CancellationToken cancellationToken = default) =>
        UpsertAsync(invocation, car, isError: false, cancellationToken);

    public Task PutErrorAsync(string invocation, ReadOnlyMemory<byte> car, CancellationToken cancellationToken = default) =>
        UpsertAsync(invocation, car, isError: true, cancellationToken);

    public Task<int> PruneErrorsAsync(DateTimeOffset storedBefore, CancellationToken cancellationToken = default) =>
        _database.WriteAsync("prune error receipts", queue: false, (connection, transaction) =>
            connection.Prepared("DELETE FROM receipts WHERE is_error = 1 AND stored_at < $before;", transaction)
                .With("$before", storedBefore.ToStored())
                .ExecuteNonQuery(), cancellationToken);

    public Task<byte[]?> GetAsync(string invocation, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(invocation);
        return _database.RunAsync("read the receipt", queue: false, (connection, _) =>
            Task.FromResult(connection.Prepared("SELECT car FROM receipts WHERE invocation = $invocation;")
                .With("$invocation", invocation)
                .ExecuteScalar() as byte[]), cancellationToken);
    }

    /// <summary>A final receipt replaces any receipt; an error receipt replaces only an error receipt.</summary>
    private Task<int> UpsertAsync(string invocation, ReadOnlyMemory<byte> car, bool isError, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(invocation);
        var bytes = car.ToArray();
        return _database.WriteAsync(isError ? "store the error receipt" : "store the receipt", queue: false, (connection, transaction) =>
            connection.Prepared("""
                INSERT INTO receipts (invocation, car, stored_at, is_error) VALUES ($invocation, $car, $stored_at, $is_error)
                ON CONFLICT (invocation) DO UPDATE SET car = excluded.car, stored_at = excluded.stored_at, is_error = excluded.is_error
                WHERE excluded.is_error = 0 OR receipts.is_error = 1;
                """, transaction)
                .With("$invocation", invocation)
                .With("$car", bytes)
                .With("$stored_at", _time.GetUtcNow().ToStored())
                .With("$is_error", isError ? 1 : 0)
                .ExecuteNonQuery(), cancellationToken);
    }
}
