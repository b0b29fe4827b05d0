using System.Runtime.CompilerServices;
using System.Text.Json;
using Dealer.Store.Abstractions;
using Microsoft.Data.Sqlite;

namespace Dealer.Store.Embedded;

/// <summary>
/// The offer-store as files in <c>&lt;data&gt;/offers/</c>, one per aggregate, named by its key and holding the
/// <see cref="OfferJson"/> body; the aggregate registry is the <c>offers</c> table of <c>dealer.db</c>.
/// </summary>
/// <remarks>
/// The registry row is committed before the file is written: a crash in between leaves a registered offer without
/// a file, which the next <see cref="PutAsync"/> for that aggregate writes. The other order could leave a file
/// without a row, and a re-offer would then give Spade a second file for the same aggregate.
/// </remarks>
internal sealed class EmbeddedOfferStore : IOfferStore
{
    private const string Columns = "aggregate, pieces, pieces_link, tenant, label, storefront, invocation, inserted_at, queued";

    private readonly SqliteDatabase _database;
    private readonly EmbeddedFiles _files;

    public EmbeddedOfferStore(SqliteDatabase database, EmbeddedFiles files)
    {
        _database = database;
        _files = files;
    }

    public async Task<OfferPutResult> PutAsync(OfferRecord offer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(offer.Pieces);
        if (!EmbeddedFiles.IsSafeName(offer.Aggregate))
        {
            throw new ArgumentException($"The aggregate '{offer.Aggregate}' cannot be part of an offer file name.", nameof(offer));
        }

        // Stored with millisecond precision, like the key and orderID derived from it.
        var normalized = offer with { InsertedAt = DateTimeOffset.FromUnixTimeMilliseconds(offer.InsertedAt.ToStored()) };
        var (stored, created, queued) = await _database.RunAsync("register the offer", queue: false,
            (connection, _) => Task.FromResult(Register(connection, normalized)), cancellationToken).ConfigureAwait(false);

        try
        {
            // Also when the aggregate was registered before: a crash may have come between the row and the file.
            await _files.WriteOfferIfMissingAsync(stored.Key, () => OfferJson.Serialize(stored), cancellationToken).ConfigureAwait(false);
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
        return _database.RunAsync("mark the offer queued", queue: false, async (connection, token) =>
        {
            using var update = connection.Command("UPDATE offers SET queued = 1 WHERE aggregate = $aggregate;")
                .With("$aggregate", aggregate);
            if (await update.ExecuteNonQueryAsync(token).ConfigureAwait(false) == 0)
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

    private static (OfferRecord Offer, bool Created, bool Queued) Register(SqliteConnection connection, OfferRecord offer)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var insert = connection.Command($"""
            INSERT INTO offers ({Columns})
            VALUES ($aggregate, $pieces, $pieces_link, $tenant, $label, $storefront, $invocation, $inserted_at, 0)
            ON CONFLICT (aggregate) DO NOTHING;
            """, transaction)
            .With("$aggregate", offer.Aggregate)
            .With("$pieces", JsonSerializer.Serialize(offer.Pieces, EmbeddedJson.Default.IReadOnlyListString))
            .With("$pieces_link", offer.PiecesLink)
            .With("$tenant", offer.Tenant)
            .With("$label", offer.Label)
            .With("$storefront", offer.Storefront)
            .With("$invocation", offer.Invocation)
            .With("$inserted_at", offer.InsertedAt.ToStored());
        if (insert.ExecuteNonQuery() == 1)
        {
            transaction.Commit();
            return (offer, true, false);
        }

        var existing = Select(connection, transaction, offer.Aggregate)
            ?? throw new InvalidOperationException($"The offer for '{offer.Aggregate}' conflicted but cannot be read.");
        transaction.Commit();
        return (existing.Offer, false, existing.Queued);
    }

    private static (OfferRecord Offer, bool Queued)? Select(SqliteConnection connection, SqliteTransaction? transaction, string aggregate)
    {
        using var select = connection.Command($"SELECT {Columns} FROM offers WHERE aggregate = $aggregate;", transaction)
            .With("$aggregate", aggregate);
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var offer = new OfferRecord
        {
            Aggregate = reader.GetString(0),
            Pieces = JsonSerializer.Deserialize(reader.GetString(1), EmbeddedJson.Default.IReadOnlyListString) ?? [],
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
