using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Dealer.Store.Abstractions;
using Microsoft.Data.Sqlite;

namespace Dealer.Store.Embedded;

/// <summary>
/// The offer-store as files in <c>&lt;data&gt;/offers/</c>, one per aggregate, named by its key and holding the
/// <see cref="OfferJson"/> body; the aggregate registry is the <c>offers</c> table of <c>dealer.db</c>. As the
/// <see cref="IOfferCommitter"/> it registers, queues and acknowledges an offer in one unit of the database's group
/// commit, and writes the file afterwards, from committed state, on a background writer.
/// </summary>
/// <remarks>
/// The database is the truth and the files are its view: a file is only ever written for a committed registration,
/// so Spade never sees an offer that a crash could take back. <see cref="CommitAsync"/> does not wait for the file
/// (nor flush it to disk); a crash or power cut before it is written or flushed leaves a registered offer without a
/// complete file, which <see cref="RepairObjectsAsync"/> (run on start and periodically) writes. <see cref="PutAsync"/>
/// keeps its own order: the row is committed, then the file is written and flushed before it returns.
/// </remarks>
internal sealed class EmbeddedOfferStore : IOfferStore, IOfferCommitter, IAsyncDisposable
{
    private const string Columns = "aggregate, pieces, pieces_link, tenant, label, storefront, invocation, inserted_at, queued";

    // The pieces column is the JSON array inside the offer's object body ($body, bound as it is, as a blob): taken out
    // by byte offsets and stored as text, so the managed side builds the pieces JSON once, in the body.
    private const string InsertSql = $"""
        INSERT INTO offers ({Columns})
        VALUES ($aggregate, CAST(substr($body, $pieces_from, $pieces_length) AS TEXT), $pieces_link, $tenant, $label,
            $storefront, $invocation, $inserted_at, $queued)
        ON CONFLICT (aggregate) DO NOTHING;
        """;

    private const string EnqueueSql = """
        INSERT INTO queue_messages (body, enqueued_at, visible_at, receive_count) VALUES ($body, $now, $now, 0);
        """;

    // The offer's ok receipt is final: it replaces an error receipt of the same invocation (is_error back to 0).
    private const string ReceiptSql = """
        INSERT INTO receipts (invocation, car, stored_at, is_error) VALUES ($invocation, $car, $stored_at, 0)
        ON CONFLICT (invocation) DO UPDATE SET car = excluded.car, stored_at = excluded.stored_at, is_error = 0;
        """;

    private const int RepairPage = 1000;

    private readonly SqliteDatabase _database;
    private readonly EmbeddedFiles _files;
    private readonly TimeProvider _time;
    // What a committed unit leaves to write: the key and body of an offer it registered (not the record, whose pieces
    // need not live on), or the registered offer whose file may be missing.
    private readonly Channel<(string Key, byte[]? Body, OfferRecord? Existing)> _unwritten =
        Channel.CreateUnbounded<(string, byte[]?, OfferRecord?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _fileWriter;

    public EmbeddedOfferStore(SqliteDatabase database, EmbeddedFiles files, TimeProvider time)
    {
        _database = database;
        _files = files;
        _time = time;
        _fileWriter = Task.Run(WriteFilesAsync);
    }

    public async Task<OfferPutResult> CommitAsync(OfferUnit unit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var offer = Normalize(unit.Offer);
        var body = OfferJson.Serialize(offer, out var pieces);
        var receipt = unit.ReceiptInvocation is null ? null : WholeArray(unit.ReceiptCar);
        var result = await _database.WriteAsync("commit the offer", queue: false, (connection, transaction) =>
        {
            var now = _time.GetUtcNow().ToStored();
            if (Insert(connection, transaction, offer, body, pieces, queued: true))
            {
                Enqueue(connection, transaction, unit.QueueBody, now);
                if (receipt is not null)
                {
                    connection.Prepared(ReceiptSql, transaction)
                        .With("$invocation", unit.ReceiptInvocation)
                        .With("$car", receipt)
                        .With("$stored_at", now)
                        .ExecuteNonQuery();
                }

                return new OfferPutResult(offer, Created: true, Queued: true);
            }

            var existing = Select(connection, transaction, offer.Aggregate)
                ?? throw new InvalidOperationException($"The offer for '{offer.Aggregate}' conflicted but cannot be read.");
            if (!existing.Queued)
            {
                Enqueue(connection, transaction, unit.QueueBody, now);
                MarkQueued(connection, transaction, offer.Aggregate);
            }

            return new OfferPutResult(existing.Offer, Created: false, Queued: true);
        }, cancellationToken).ConfigureAwait(false);

        // Committed: the file may now be written (with the body built above, when it is this offer's). An unbounded
        // channel never refuses while the store is open.
        _unwritten.Writer.TryWrite(result.Created ? (result.Offer.Key, body, null) : (result.Offer.Key, null, result.Offer));
        return result;
    }

    public async IAsyncEnumerable<OfferRecord> ListUnqueuedAsync(DateTimeOffset insertedBefore,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var before = insertedBefore.ToStored();
        (long InsertedAt, string Aggregate) after = (long.MinValue, "");
        while (true)
        {
            var page = await _database.RunAsync("list unqueued offers", queue: false, (connection, _) =>
            {
                var select = connection.Prepared($"""
                    SELECT {Columns} FROM offers INDEXED BY offers_unqueued
                    WHERE queued = 0 AND inserted_at < $before AND (inserted_at, aggregate) > ($after_inserted, $after_aggregate)
                    ORDER BY inserted_at, aggregate LIMIT $limit;
                    """)
                    .With("$before", before)
                    .With("$after_inserted", after.InsertedAt)
                    .With("$after_aggregate", after.Aggregate)
                    .With("$limit", RepairPage);
                return Task.FromResult(ReadOffers(select));
            }, cancellationToken).ConfigureAwait(false);
            foreach (var offer in page)
            {
                yield return offer;
            }

            if (page.Count < RepairPage)
            {
                yield break;
            }

            after = (page[^1].InsertedAt.ToStored(), page[^1].Aggregate);
        }
    }

    public async Task<int> RepairObjectsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            // The directory first: an offer committed after this listing may look missing, and is then written twice
            // with the same bytes, which is harmless; a file is never written for a row that is not committed.
            var lengths = _files.OfferLengths();
            var repaired = 0;
            var after = "";
            while (true)
            {
                var page = await _database.RunAsync("read offers to repair", queue: false, (connection, _) =>
                {
                    var select = connection.Prepared($"""
                        SELECT {Columns} FROM offers WHERE aggregate > $after ORDER BY aggregate LIMIT $limit;
                        """)
                        .With("$after", after)
                        .With("$limit", RepairPage);
                    return Task.FromResult(ReadOffers(select));
                }, cancellationToken).ConfigureAwait(false);
                foreach (var offer in page)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var body = OfferJson.Serialize(offer);
                    // A power cut can lose a file that was not flushed, or leave it empty; a length check finds both.
                    if (!lengths.TryGetValue(offer.Key, out var length) || length != body.Length)
                    {
                        _files.WriteOffer(offer.Key, body);
                        repaired++;
                    }
                }

                if (page.Count < RepairPage)
                {
                    return repaired;
                }

                after = page[^1].Aggregate;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SqliteDatabase.Failure("repair the offer files", queue: false, transient: false, e);
        }
    }

    /// <summary>Stops the file writer after it has written every file of a committed unit.</summary>
    public async ValueTask DisposeAsync()
    {
        _unwritten.Writer.TryComplete();
        await _fileWriter.ConfigureAwait(false);
    }

    public async Task<OfferPutResult> PutAsync(OfferRecord offer, CancellationToken cancellationToken = default)
    {
        var normalized = Normalize(offer);
        var body = OfferJson.Serialize(normalized, out var pieces);
        var (stored, created, queued) = await _database.WriteAsync("register the offer", queue: false, (connection, transaction) =>
        {
            if (Insert(connection, transaction, normalized, body, pieces, queued: false))
            {
                return (normalized, true, false);
            }

            var existing = Select(connection, transaction, normalized.Aggregate)
                ?? throw new InvalidOperationException($"The offer for '{normalized.Aggregate}' conflicted but cannot be read.");
            return (existing.Offer, false, existing.Queued);
        }, cancellationToken).ConfigureAwait(false);

        try
        {
            // Also when the aggregate was registered before: a crash may have come between the row and the file.
            await _files.WriteOfferIfMissingAsync(stored.Key, () => created ? body : OfferJson.Serialize(stored), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SqliteDatabase.Failure("write the offer file", queue: false, transient: false, e);
        }

        return new OfferPutResult(stored, created, queued);
    }

    public Task MarkQueuedAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        return _database.WriteAsync("mark the offer queued", queue: false, (connection, transaction) =>
        {
            if (!MarkQueued(connection, transaction, aggregate))
            {
                throw new InvalidOperationException($"No offer is registered for aggregate '{aggregate}'.");
            }

            return true;
        }, cancellationToken);
    }

    public Task<OfferRecord?> FindAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        return _database.RunAsync("read the offer", queue: false,
            (connection, _) => Task.FromResult(Select(connection, null, aggregate)?.Offer), cancellationToken);
    }

    public Task<bool?> IsQueuedAsync(string aggregate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(aggregate);
        return _database.RunAsync("read the offer", queue: false,
            (connection, _) => Task.FromResult(Select(connection, null, aggregate)?.Queued), cancellationToken);
    }

    public async Task<byte[]?> GetBodyAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            return await _files.ReadOfferAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SqliteDatabase.Failure("read the offer file", queue: false, transient: false, e);
        }
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string? startAfter = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> keys;
        try
        {
            keys = _files.ListOfferKeys(startAfter);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SqliteDatabase.Failure("list the offer files", queue: false, transient: false, e);
        }

        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }
    }

    public Uri UriFor(string key) => _files.OfferUri(key);

    private static OfferRecord Normalize(OfferRecord offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(offer.Pieces);
        if (!EmbeddedFiles.IsSafeName(offer.Aggregate))
        {
            throw new ArgumentException($"The aggregate '{offer.Aggregate}' cannot be part of an offer file name.", nameof(offer));
        }

        // Stored with millisecond precision, like the key and orderID derived from it.
        return offer with { InsertedAt = DateTimeOffset.FromUnixTimeMilliseconds(offer.InsertedAt.ToStored()) };
    }

    /// <summary>Writes the files of committed units, one after the other, until the store is disposed.</summary>
    private async Task WriteFilesAsync()
    {
        await foreach (var (key, body, existing) in _unwritten.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                // A file for an offer registered by this very commit can only have been written by a repair since,
                // with the same bytes; one registered before usually has its file already.
                if (body is not null)
                {
                    _files.WriteOffer(key, body);
                }
                else if (!_files.OfferExists(key))
                {
                    _files.WriteOffer(key, OfferJson.Serialize(existing!));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The row is committed; the next repair writes the file.
            }
        }
    }

    /// <summary>Registers <paramref name="offer"/>, whose object body is <paramref name="body"/> with its pieces array at <paramref name="pieces"/>.</summary>
    private static bool Insert(SqliteConnection connection, SqliteTransaction transaction, OfferRecord offer, byte[] body, Range pieces, bool queued)
    {
        var (from, length) = pieces.GetOffsetAndLength(body.Length);
        return connection.Prepared(InsertSql, transaction)
            .With("$aggregate", offer.Aggregate)
            .With("$body", body)
            .With("$pieces_from", from + 1)
            .With("$pieces_length", length)
            .With("$pieces_link", offer.PiecesLink)
            .With("$tenant", offer.Tenant)
            .With("$label", offer.Label)
            .With("$storefront", offer.Storefront)
            .With("$invocation", offer.Invocation)
            .With("$inserted_at", offer.InsertedAt.ToStored())
            .With("$queued", queued ? 1 : 0)
            .ExecuteNonQuery() == 1;
    }

    /// <summary>The bytes of <paramref name="memory"/> as an array: its own array when it spans all of one, else a copy.</summary>
    private static byte[] WholeArray(ReadOnlyMemory<byte> memory) =>
        MemoryMarshal.TryGetArray(memory, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : memory.ToArray();

    private static void Enqueue(SqliteConnection connection, SqliteTransaction transaction, string body, long now) =>
        connection.Prepared(EnqueueSql, transaction).With("$body", body).With("$now", now).ExecuteNonQuery();

    private static bool MarkQueued(SqliteConnection connection, SqliteTransaction transaction, string aggregate) =>
        connection.Prepared("UPDATE offers SET queued = 1 WHERE aggregate = $aggregate;", transaction)
            .With("$aggregate", aggregate)
            .ExecuteNonQuery() == 1;

    private static (OfferRecord Offer, bool Queued)? Select(SqliteConnection connection, SqliteTransaction? transaction, string aggregate)
    {
        var select = connection.Prepared($"SELECT {Columns} FROM offers WHERE aggregate = $aggregate;", transaction)
            .With("$aggregate", aggregate);
        using var reader = select.ExecuteReader();
        return reader.Read() ? ReadOffer(reader) : null;
    }

    private static List<OfferRecord> ReadOffers(SqliteCommand select)
    {
        using var reader = select.ExecuteReader();
        var offers = new List<OfferRecord>();
        while (reader.Read())
        {
            offers.Add(ReadOffer(reader).Offer);
        }

        return offers;
    }

    private static (OfferRecord Offer, bool Queued) ReadOffer(SqliteDataReader reader)
    {
        var offer = new OfferRecord
        {
            Aggregate = reader.GetString(0),
            // Kept as the stored JSON (UTF-8): parsed only if a piece is read, copied as it is into a repaired file.
            Pieces = OfferPieces.FromJson(reader.GetFieldValue<byte[]>(1)),
            PiecesLink = reader.GetString(2),
            Tenant = reader.GetString(3),
            Label = reader.GetNullableString(4),
            Storefront = reader.GetString(5),
            Invocation = reader.GetString(6),
            InsertedAt = reader.GetTimestamp(7),
        };
        return (offer, reader.GetInt64(8) == 1);
    }
}
