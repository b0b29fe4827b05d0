using System.Globalization;
using System.Security.Cryptography;
using Dealer.Store.Abstractions;
using Microsoft.Data.Sqlite;

namespace Dealer.Store.Embedded;

/// <summary>
/// The dealer-queue as the <c>queue_messages</c> table of <c>dealer.db</c>, with the <c>queue_dead_letters</c> table
/// beside it. Delivery is at least once: a message is hidden for the visibility timeout when received and comes back
/// unless it is deleted in time. Every delivery gets its own receipt handle, so a consumer that overran the timeout
/// cannot delete or release the delivery another consumer now holds. As <see cref="IDeadLetters"/> it counts, lists
/// and redrives the dead-letter table. As <see cref="IOfferedDealRecorder"/> it moves queued offers into the
/// <c>deals</c> table and deletes their messages in one unit of the group commit.
/// </summary>
public sealed class EmbeddedDealerQueue : IDealerQueue, IDeadLetters, IOfferedDealRecorder
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly TimeSpan _visibilityTimeout;
    private readonly int _maxReceives;
    private readonly TimeSpan _pollInterval;
    private readonly EmbeddedFiles _files;

    internal EmbeddedDealerQueue(SqliteDatabase database, EmbeddedFiles files, EmbeddedStoreOptions options)
    {
        _database = database;
        _files = files;
        _time = options.TimeProvider;
        _visibilityTimeout = options.VisibilityTimeout;
        _maxReceives = options.MaxReceives;
        _pollInterval = options.PollInterval;
    }

    /// <inheritdoc />
    public int MaxReceives => _maxReceives;

    /// <inheritdoc />
    public Task EnqueueAsync(string body, CancellationToken cancellationToken = default) =>
        EnqueueAsync(body, TimeSpan.Zero, cancellationToken);

    /// <inheritdoc />
    public Task EnqueueAsync(string body, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(delay, TimeSpan.FromMinutes(15));
        return _database.WriteAsync("enqueue the message", queue: true, (connection, transaction) =>
        {
            var now = _time.GetUtcNow();
            return connection.Prepared("""
                INSERT INTO queue_messages (body, enqueued_at, visible_at, receive_count) VALUES ($body, $now, $visible, 0);
                """, transaction)
                .With("$body", body)
                .With("$now", now.ToStored())
                .With("$visible", (now + delay).ToStored())
                .ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<QueueMessage>> ReceiveAsync(int max, TimeSpan wait, CancellationToken cancellationToken = default) =>
        PollAsync(max, wait, "receive messages",
            (connection, transaction) => Take(connection, transaction, max, (candidate, now) => Receive(connection, transaction, candidate, now)),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<OfferedDelivery>> RecordOfferedAsync(int max, TimeSpan wait, Func<DateTimeOffset> recordedAt,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordedAt);
        return PollAsync(max, wait, "record queued offers",
            (connection, transaction) => Take(connection, transaction, max, (candidate, now) => Record(connection, transaction, candidate, now, recordedAt())),
            cancellationToken);
    }

    /// <summary>Runs <paramref name="take"/> as a unit of the group commit until it takes something or the wait is over.</summary>
    private async Task<IReadOnlyList<T>> PollAsync<T>(int max, TimeSpan wait, string operation,
        Func<SqliteConnection, SqliteTransaction, List<T>> take, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        var started = _time.GetTimestamp();
        while (true)
        {
            var taken = await _database.WriteAsync(operation, queue: true, take, cancellationToken).ConfigureAwait(false);
            var remaining = wait - _time.GetElapsedTime(started);
            if (taken.Count > 0 || remaining <= TimeSpan.Zero)
            {
                return taken;
            }

            await Task.Delay(remaining < _pollInterval ? remaining : _pollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>A handle whose delivery has since expired, been released or been deleted removes nothing.</remarks>
    public Task DeleteAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return Task.CompletedTask;
        }

        var deliveries = messages.Select(m => (Id: ParseId(m), m.ReceiptHandle)).ToList();
        return _database.WriteAsync("delete messages", queue: true, (connection, transaction) =>
        {
            var delete = connection.Prepared("DELETE FROM queue_messages WHERE id = $id AND receipt = $receipt;", transaction);
            var id = delete.Parameter("$id");
            var receipt = delete.Parameter("$receipt");
            foreach (var delivery in deliveries)
            {
                id.Value = delivery.Id;
                receipt.Value = delivery.ReceiptHandle;
                delete.ExecuteNonQuery();
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>The handle is spent: the next receive of the message issues a new one.</remarks>
    public Task ReleaseAsync(QueueMessage message, TimeSpan delay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        var id = ParseId(message);
        return _database.WriteAsync("release the message", queue: true, (connection, transaction) =>
            connection.Prepared("""
                UPDATE queue_messages SET visible_at = $visible_at, receipt = NULL WHERE id = $id AND receipt = $receipt;
                """, transaction)
                .With("$visible_at", (_time.GetUtcNow() + delay).ToStored())
                .With("$id", id)
                .With("$receipt", message.ReceiptHandle)
                .ExecuteNonQuery(), cancellationToken);
    }

    /// <inheritdoc />
    public Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        _database.RunAsync("count queue messages", queue: true, async (connection, token) =>
        {
            using var count = connection.Command("SELECT count(*) FROM queue_messages;");
            return (long)(await count.ExecuteScalarAsync(token).ConfigureAwait(false))!;
        }, cancellationToken);

    /// <summary>How many messages are in the dead-letter table.</summary>
    public Task<long> CountDeadLettersAsync(CancellationToken cancellationToken = default) =>
        _database.RunAsync("count dead letters", queue: true, async (connection, token) =>
        {
            using var count = connection.Command("SELECT count(*) FROM queue_dead_letters;");
            return (long)(await count.ExecuteScalarAsync(token).ConfigureAwait(false))!;
        }, cancellationToken);

    /// <summary>The dead letters, oldest first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return _database.RunAsync<IReadOnlyList<DeadLetter>>("list dead letters", queue: true, async (connection, token) =>
        {
            using var select = connection.Command("""
                SELECT id, body, receive_count, enqueued_at, dead_at FROM queue_dead_letters ORDER BY dead_at, id LIMIT $limit;
                """)
                .With("$limit", limit);
            using var reader = await select.ExecuteReaderAsync(token).ConfigureAwait(false);
            var letters = new List<DeadLetter>();
            while (reader.Read())
            {
                letters.Add(new DeadLetter(reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), reader.GetString(1),
                    reader.GetInt32(2), reader.GetTimestamp(3), reader.GetTimestamp(4)));
            }

            return letters;
        }, cancellationToken);
    }

    /// <summary>
    /// Moves up to <paramref name="max"/> dead letters, oldest first, back onto the queue as new messages (new id,
    /// receive count 0, visible now) and deletes them from the dead-letter table, in one transaction: a crash
    /// leaves each either dead or redriven, never both.
    /// </summary>
    /// <returns>How many were moved.</returns>
    public Task<int> RedriveDeadLettersAsync(int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return _database.WriteAsync("redrive dead letters", queue: true, (connection, transaction) =>
        {
            var now = _time.GetUtcNow().ToStored();
            var letters = new List<(long Id, string Body)>();
            using (var select = connection.Command("""
                SELECT id, body FROM queue_dead_letters ORDER BY dead_at, id LIMIT $max;
                """, transaction)
                .With("$max", max))
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    letters.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }

            using var move = connection.Command("""
                INSERT INTO queue_messages (body, enqueued_at, visible_at, receive_count) VALUES ($body, $now, $now, 0);
                DELETE FROM queue_dead_letters WHERE id = $id;
                """, transaction)
                .With("$now", now);
            var body = move.Parameters.Add("$body", SqliteType.Text);
            var id = move.Parameters.Add("$id", SqliteType.Integer);
            foreach (var letter in letters)
            {
                body.Value = letter.Body;
                id.Value = letter.Id;
                move.ExecuteNonQuery();
            }

            return letters.Count;
        }, cancellationToken);
    }

    Task<long> IDeadLetters.CountAsync(CancellationToken cancellationToken) => CountDeadLettersAsync(cancellationToken);

    Task<IReadOnlyList<DeadLetter>> IDeadLetters.ListAsync(int max, CancellationToken cancellationToken) =>
        ListDeadLettersAsync(max, cancellationToken);

    Task<int> IDeadLetters.RedriveAsync(int max, CancellationToken cancellationToken) =>
        RedriveDeadLettersAsync(max, cancellationToken);

    /// <summary>
    /// Takes up to <paramref name="max"/> visible messages inside the writer's IMMEDIATE transaction: the write lock is
    /// held before the visible messages are read, so no other connection or process can pick the same ones. A message
    /// received as often as allowed moves to the dead letters; every other goes to <paramref name="handle"/>, which
    /// must take it out of the visible set (hide or delete it).
    /// </summary>
    private List<T> Take<T>(SqliteConnection connection, SqliteTransaction transaction, int max,
        Func<Candidate, DateTimeOffset, T> handle)
    {
        var now = _time.GetUtcNow();
        var taken = new List<T>();
        while (taken.Count < max)
        {
            var candidates = new List<Candidate>();
            var select = connection.Prepared("""
                SELECT id, body, receive_count, enqueued_at FROM queue_messages
                WHERE visible_at <= $now ORDER BY visible_at, id LIMIT $limit;
                """, transaction)
                .With("$now", now.ToStored())
                .With("$limit", max - taken.Count);
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    candidates.Add(new Candidate(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3)));
                }
            }

            if (candidates.Count == 0)
            {
                break;
            }

            // Each candidate leaves the visible set (handled or dead-lettered), so this loop ends.
            foreach (var candidate in candidates)
            {
                if (candidate.ReceiveCount >= _maxReceives)
                {
                    MoveToDeadLetters(connection, transaction, candidate.Id, candidate.Body, candidate.ReceiveCount, candidate.EnqueuedAt, now);
                    continue;
                }

                taken.Add(handle(candidate, now));
            }
        }

        return taken;
    }

    /// <summary>Hides <paramref name="candidate"/> for the visibility timeout under a new receipt handle.</summary>
    private QueueMessage Receive(SqliteConnection connection, SqliteTransaction transaction, Candidate candidate, DateTimeOffset now)
    {
        var handle = candidate.Id.ToString(CultureInfo.InvariantCulture) + "." +
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        connection.Prepared("""
            UPDATE queue_messages SET receive_count = receive_count + 1, visible_at = $hidden_until, receipt = $receipt
            WHERE id = $id;
            """, transaction)
            .With("$hidden_until", (now + _visibilityTimeout).ToStored())
            .With("$receipt", handle)
            .With("$id", candidate.Id)
            .ExecuteNonQuery();
        return new QueueMessage(candidate.Id.ToString(CultureInfo.InvariantCulture), handle, candidate.Body, candidate.ReceiveCount + 1);
    }

    /// <summary>
    /// Records the deal of the offer <paramref name="candidate"/> names and deletes it; receives it instead when it is
    /// malformed or names no registered offer. Of the offer only the columns of a deal row are read.
    /// </summary>
    private OfferedDelivery Record(SqliteConnection connection, SqliteTransaction transaction, Candidate candidate, DateTimeOffset now,
        DateTimeOffset recordedAt)
    {
        var id = candidate.Id.ToString(CultureInfo.InvariantCulture);
        if (!DealerQueueMessage.TryParse(candidate.Body, out var aggregate))
        {
            Receive(connection, transaction, candidate, now);
            return new OfferedDelivery(id, candidate.ReceiveCount + 1, "", OfferedOutcome.Malformed);
        }

        DealRecord? deal = null;
        var select = connection.Prepared("""
            SELECT storefront, pieces_link, tenant, label, inserted_at FROM offers WHERE aggregate = $aggregate;
            """, transaction)
            .With("$aggregate", aggregate);
        using (var reader = select.ExecuteReader())
        {
            if (reader.Read())
            {
                deal = new DealRecord
                {
                    Aggregate = aggregate,
                    Storefront = reader.GetString(0),
                    Offer = _files.OfferUri(OfferKeys.For(reader.GetTimestamp(4), aggregate)).AbsoluteUri,
                    PiecesLink = reader.GetString(1),
                    Tenant = reader.GetString(2),
                    Label = reader.GetNullableString(3),
                    Status = DealStatus.Offered,
                    InsertedAt = recordedAt,
                    UpdatedAt = recordedAt,
                };
            }
        }

        if (deal is null)
        {
            Receive(connection, transaction, candidate, now);
            return new OfferedDelivery(id, candidate.ReceiveCount + 1, aggregate, OfferedOutcome.UnknownOffer);
        }

        var recorded = EmbeddedDealStore.Insert(connection, transaction, deal);
        connection.Prepared("DELETE FROM queue_messages WHERE id = $id;", transaction).With("$id", candidate.Id).ExecuteNonQuery();
        return new OfferedDelivery(id, candidate.ReceiveCount + 1, aggregate,
            recorded ? OfferedOutcome.Recorded : OfferedOutcome.AlreadyRecorded);
    }

    private readonly record struct Candidate(long Id, string Body, int ReceiveCount, long EnqueuedAt);

    private static void MoveToDeadLetters(SqliteConnection connection, SqliteTransaction transaction, long id, string body,
        int receiveCount, long enqueuedAt, DateTimeOffset now)
    {
        using var move = connection.Command("""
            INSERT INTO queue_dead_letters (id, body, enqueued_at, receive_count, dead_at)
            VALUES ($id, $body, $enqueued_at, $receive_count, $dead_at);
            DELETE FROM queue_messages WHERE id = $id;
            """, transaction)
            .With("$id", id)
            .With("$body", body)
            .With("$enqueued_at", enqueuedAt)
            .With("$receive_count", receiveCount)
            .With("$dead_at", now.ToStored());
        move.ExecuteNonQuery();
    }

    private static long ParseId(QueueMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return long.TryParse(message.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new ArgumentException($"'{message.Id}' is not a message id of this queue.", nameof(message));
    }
}
