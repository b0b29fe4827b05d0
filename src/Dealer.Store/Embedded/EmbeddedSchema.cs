using Dealer.Store.Abstractions;
using Microsoft.Data.Sqlite;

namespace Dealer.Store.Embedded;

/// <summary>
/// The tables of <c>dealer.db</c>, versioned with <c>PRAGMA user_version</c>. A later version appends a migration to
/// <see cref="Migrations"/>; a data directory written by a newer dealer is refused rather than misread.
/// </summary>
internal static class EmbeddedSchema
{
    /// <summary>Timestamps are INTEGER milliseconds since the Unix epoch (UTC) throughout.</summary>
    private const string Version1 = """
        CREATE TABLE offers (
            aggregate   TEXT    NOT NULL PRIMARY KEY,
            pieces      TEXT    NOT NULL,
            pieces_link TEXT    NOT NULL,
            tenant      TEXT    NOT NULL,
            label       TEXT,
            storefront  TEXT    NOT NULL,
            invocation  TEXT    NOT NULL,
            inserted_at INTEGER NOT NULL,
            queued      INTEGER NOT NULL DEFAULT 0 CHECK (queued IN (0, 1))
        ) STRICT;

        CREATE TABLE deals (
            aggregate   TEXT    NOT NULL PRIMARY KEY,
            storefront  TEXT    NOT NULL,
            offer       TEXT    NOT NULL,
            stat        INTEGER NOT NULL CHECK (stat IN (0, 1, 2)),
            pieces_link TEXT    NOT NULL,
            tenant      TEXT    NOT NULL,
            label       TEXT,
            inserted_at INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL,
            deal_id     INTEGER,
            provider    TEXT,
            reason      TEXT
        ) STRICT;
        CREATE INDEX deals_by_stat ON deals (stat, inserted_at, aggregate);

        CREATE TABLE receipts (
            invocation TEXT    NOT NULL PRIMARY KEY,
            car        BLOB    NOT NULL,
            stored_at  INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE queue_messages (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            body          TEXT    NOT NULL,
            enqueued_at   INTEGER NOT NULL,
            visible_at    INTEGER NOT NULL,
            receive_count INTEGER NOT NULL DEFAULT 0,
            receipt       TEXT
        ) STRICT;
        CREATE INDEX queue_messages_by_visibility ON queue_messages (visible_at, id);

        CREATE TABLE queue_dead_letters (
            id            INTEGER NOT NULL PRIMARY KEY,
            body          TEXT    NOT NULL,
            enqueued_at   INTEGER NOT NULL,
            receive_count INTEGER NOT NULL,
            dead_at       INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE revocations (
            delegation TEXT    NOT NULL PRIMARY KEY,
            reason     TEXT,
            revoked_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE ledger (
            aggregate   TEXT    NOT NULL PRIMARY KEY,
            approved    INTEGER NOT NULL CHECK (approved IN (0, 1)),
            deal_id     INTEGER,
            provider    TEXT,
            reason      TEXT,
            recorded_at INTEGER NOT NULL
        ) STRICT;
        """;

    /// <summary>
    /// Version 2: registered offers that are not yet queued, for the orphan repair. Offers are registered and queued in
    /// one transaction since this version, so the index holds only what an older dealer left half done.
    /// </summary>
    private const string Version2 = """
        CREATE INDEX offers_unqueued ON offers (inserted_at, aggregate) WHERE queued = 0;
        """;

    /// <summary>
    /// Version 3: every deal of an aggregate (a deal and its renewals), not only the ledger's latest verdict; the pieces
    /// a rejection blames (a JSON array of piece CIDs, NULL for none).
    /// </summary>
    private const string Version3 = """
        CREATE TABLE ledger_deals (
            aggregate TEXT    NOT NULL,
            deal_id   INTEGER NOT NULL,
            provider  TEXT    NOT NULL,
            PRIMARY KEY (aggregate, deal_id)
        ) STRICT;
        INSERT INTO ledger_deals (aggregate, deal_id, provider)
            SELECT aggregate, deal_id, coalesce(provider, '') FROM ledger WHERE approved = 1 AND deal_id IS NOT NULL;
        ALTER TABLE ledger ADD COLUMN invalid_pieces TEXT;
        """;

    /// <summary>Version 4: error receipts are marked, so that they can be pruned after their retention period.</summary>
    private const string Version4 = """
        ALTER TABLE receipts ADD COLUMN is_error INTEGER NOT NULL DEFAULT 0 CHECK (is_error IN (0, 1));
        CREATE INDEX receipts_errors_by_time ON receipts (stored_at) WHERE is_error = 1;
        """;

    /// <summary>Migration <c>i</c> takes the schema from <c>user_version</c> i to i + 1.</summary>
    private static readonly string[] Migrations = [Version1, Version2, Version3, Version4];

    /// <summary>The schema version this code reads and writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Switches the file to WAL and applies the missing migrations, in one write transaction.</summary>
    /// <exception cref="StoreException">The database cannot use WAL or was written by a newer dealer.</exception>
    public static void Migrate(SqliteConnection connection)
    {
        // WAL lets readers run beside the one writer, so `dealer serve` and the CLI can share the directory.
        // The mode is stored in the file; switching needs no transaction and is a no-op once set.
        using (var wal = connection.Command("PRAGMA journal_mode = WAL;"))
        {
            var mode = wal.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new StoreException($"The embedded store needs SQLite WAL mode, but the database reports journal mode '{mode}'.", isTransient: false);
            }
        }

        // IMMEDIATE: two processes opening a fresh directory at once must not both create the tables.
        using var transaction = connection.BeginTransaction(deferred: false);
        long version;
        using (var read = connection.Command("PRAGMA user_version;", transaction))
        {
            version = (long)read.ExecuteScalar()!;
        }

        if (version > CurrentVersion)
        {
            throw new StoreException(
                $"The database has schema version {version}, newer than the {CurrentVersion} this dealer understands.",
                isTransient: false);
        }

        for (var next = (int)version; next < CurrentVersion; next++)
        {
            using var migrate = connection.Command(Migrations[next], transaction);
            migrate.ExecuteNonQuery();
            // PRAGMA takes no parameters; the value is our own integer.
            using var bump = connection.Command($"PRAGMA user_version = {next + 1};", transaction);
            bump.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
