using Dealer.Store.Abstractions;

namespace Dealer.Store.Embedded;

/// <summary>
/// The embedded default backend: every store in one data directory, the offer objects as files in
/// <c>offers/</c> and everything else in the SQLite database <c>dealer.db</c> (WAL mode), so that several processes
/// on the same directory (<c>dealer serve</c>, the CLI, overlapping cron ticks) work together.
/// </summary>
public static class EmbeddedStores
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string DatabaseFileName = "dealer.db";

    /// <summary>Opens the stores in <paramref name="dataDirectory"/>, creating the directory and schema if needed.</summary>
    /// <param name="dataDirectory">The data directory; created when missing.</param>
    /// <param name="options">Queue and timing settings; the defaults when null.</param>
    /// <exception cref="StoreException">The directory or database cannot be used (for example a corrupt
    /// <c>dealer.db</c>, or one written by a newer dealer).</exception>
    public static DealerStores Open(string dataDirectory, EmbeddedStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        options ??= new EmbeddedStoreOptions();
        options.Validate();

        var root = Path.GetFullPath(dataDirectory);
        EmbeddedFiles files;
        try
        {
            Directory.CreateDirectory(root);
            files = EmbeddedFiles.Open(root, options.TimeProvider);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SqliteDatabase.Failure("open the data directory", queue: false, transient: false, e);
        }

        var database = SqliteDatabase.Open(Path.Combine(root, DatabaseFileName), options.BusyTimeout);
        var queue = new EmbeddedDealerQueue(database, files, options);
        var offers = new EmbeddedOfferStore(database, files, options.TimeProvider);
        return new DealerStores(
            offers,
            new EmbeddedDealStore(database),
            new EmbeddedReceiptStore(database, options.TimeProvider),
            queue,
            new EmbeddedRevocationStore(database),
            new EmbeddedDealLedger(database),
            async () =>
            {
                // The database outlives the file writer, which reads nothing from it but writes what was committed.
                await offers.DisposeAsync().ConfigureAwait(false);
                await database.DisposeAsync().ConfigureAwait(false);
            },
            queue,
            offers,
            queue);
    }
}
