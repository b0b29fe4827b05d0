using Dealer.Store.Abstractions;

namespace Dealer.Store.Embedded;

/// <summary>The receipt store as the <c>receipts</c> table: invocation CID to CAR bytes, the latest put winning.</summary>
internal sealed class EmbeddedReceiptStore : IReceiptStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    public EmbeddedReceiptStore(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    public Task PutAsync(string invocation, ReadOnlyMemory<byte> car, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(invocation);
        var bytes = car.ToArray();
        return _database.WriteAsync("store the receipt", queue: false, (connection, transaction) =>
            connection.Prepared("""
                INSERT INTO receipts (invocation, car, stored_at) VALUES ($invocation, $car, $stored_at)
                ON CONFLICT (invocation) DO UPDATE SET car = excluded.car, stored_at = excluded.stored_at;
                """, transaction)
                .With("$invocation", invocation)
                .With("$car", bytes)
                .With("$stored_at", _time.GetUtcNow().ToStored())
                .ExecuteNonQuery(), cancellationToken);
    }

    public Task<byte[]?> GetAsync(string invocation, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(invocation);
        return _database.RunAsync("read the receipt", queue: false, (connection, _) =>
            Task.FromResult(connection.Prepared("SELECT car FROM receipts WHERE invocation = $invocation;")
                .With("$invocation", invocation)
                .ExecuteScalar() as byte[]), cancellationToken);
    }
}
