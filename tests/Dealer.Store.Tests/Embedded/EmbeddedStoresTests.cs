using Dealer.Store.Abstractions;
using Dealer.Store.Embedded;
using Dealer.Store.Tests.Contracts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Dealer.Store.Tests.Embedded;

/// <summary>Opening, schema, persistence and failure behaviour of the embedded data directory as a whole.</summary>
[TestFixture]
public sealed class EmbeddedStoresTests
{
    private string _directory = "";

    private string DatabasePath => Path.Combine(_directory, EmbeddedStores.DatabaseFileName);

    [SetUp]
    public void CreateDirectory() => _directory = Path.Combine(TemporaryStores.CreateDirectory(), "data");

    [TearDown]
    public void DeleteDirectory() => TemporaryStores.DeleteDirectory(Path.GetDirectoryName(_directory)!);

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Test]
    public async Task Open_creates_the_directory_the_offers_folder_and_a_versioned_wal_database()
    {
        await using (EmbeddedStores.Open(_directory))
        {
            Assert.Multiple(() =>
            {
                Assert.That(Directory.Exists(Path.Combine(_directory, "offers")), Is.True);
                Assert.That(File.Exists(DatabasePath), Is.True);
            });
        }

        using var connection = OpenRaw();
        Assert.Multiple(() =>
        {
            Assert.That(Scalar(connection, "PRAGMA user_version;"), Is.EqualTo(4L));
            Assert.That(Scalar(connection, "PRAGMA journal_mode;"), Is.EqualTo("wal"));
            Assert.That(Scalar(connection, "SELECT sql FROM sqlite_master WHERE name = 'deals_by_stat';"),
                Is.EqualTo("CREATE INDEX deals_by_stat ON deals (stat, inserted_at, aggregate)"));
        });
    }

    [Test]
    public async Task Everything_written_is_still_there_after_closing_and_reopening()
    {
        var clock = new FakeTimeProvider(TestData.Epoch);
        var options = new EmbeddedStoreOptions { TimeProvider = clock, MaxReceives = 1 };
        var offer = TestData.Offer(TestData.At(1));
        var deal = TestData.Deal(TestData.At(2));
        var verdict = new DealVerdict(deal.Aggregate, true, 99, "f099", null, TestData.At(3));
        await using (var stores = EmbeddedStores.Open(_directory, options))
        {
            await stores.Offers.PutAsync(offer);
            await stores.Offers.MarkQueuedAsync(offer.Aggregate);
            await stores.Deals.InsertAsync(deal);
            await stores.Receipts.PutAsync("bafyreiinvocation", new byte[] { 1, 2, 3 });
            await stores.Revocations.RevokeAsync("bafyreirevoked", "lost key", TestData.At(4));
            await stores.Ledger.RecordAsync(verdict);
            await stores.Queue.EnqueueAsync("in flight");
            await stores.Queue.EnqueueAsync("dead");
            await stores.Queue.EnqueueAsync("waiting");
            var received = await stores.Queue.ReceiveAsync(2, TimeSpan.Zero);
            Assert.That(received.Select(m => m.Body), Is.EqualTo(new[] { "in flight", "dead" }));
            // Both received messages come back after the visibility timeout; having been delivered MaxReceives (1)
            // times, the reopened queue moves them to the dead letters and delivers only "waiting".
            clock.Advance(options.VisibilityTimeout);
        }

        await using (var reopened = EmbeddedStores.Open(_directory, options))
        {
            var queue = (EmbeddedDealerQueue)reopened.Queue;
            var again = await queue.ReceiveAsync(10, TimeSpan.Zero);
            var put = await reopened.Offers.PutAsync(offer with { Invocation = "bafyreiother" });
            Assert.Multiple(async () =>
            {
                Assert.That(put.Created, Is.False);
                Assert.That(put.Queued, Is.True);
                Assert.That(put.Offer.Invocation, Is.EqualTo(offer.Invocation));
                Assert.That(await reopened.Offers.GetBodyAsync(offer.Key), Is.EqualTo(OfferJson.Serialize(offer)));
                Assert.That(await reopened.Offers.ListKeysAsync().ToListAsync(), Is.EqualTo(new[] { offer.Key }));
                Assert.That(await reopened.Deals.GetAsync(deal.Aggregate), Is.EqualTo(deal));
                Assert.That(await reopened.Receipts.GetAsync("bafyreiinvocation"), Is.EqualTo(new byte[] { 1, 2, 3 }));
                Assert.That(await reopened.Revocations.FindRevokedAsync(["bafyreirevoked"]), Is.EqualTo("bafyreirevoked"));
                Assert.That(await reopened.Ledger.GetAsync(deal.Aggregate), Is.EqualTo(verdict));
                Assert.That(again.Select(m => (m.Body, m.ReceiveCount)), Is.EqualTo(new[] { ("waiting", 1) }));
                Assert.That((await queue.ListDeadLettersAsync()).Select(l => l.Body), Is.EqualTo(new[] { "in flight", "dead" }));
            });
        }
    }

    [Test]
    public async Task In_flight_message_stays_hidden_across_a_reopen()
    {
        var clock = new FakeTimeProvider(TestData.Epoch);
        var options = new EmbeddedStoreOptions { TimeProvider = clock };
        await using (var stores = EmbeddedStores.Open(_directory, options))
        {
            await stores.Queue.EnqueueAsync("m");
            await stores.Queue.ReceiveAsync(1, TimeSpan.Zero);
        }

        await using var reopened = EmbeddedStores.Open(_directory, options);
        var hidden = await reopened.Queue.ReceiveAsync(1, TimeSpan.Zero);
        clock.Advance(options.VisibilityTimeout);
        var visible = await reopened.Queue.ReceiveAsync(1, TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(hidden, Is.Empty);
            Assert.That(visible.Select(m => m.ReceiveCount), Is.EqualTo(new[] { 2 }));
        });
    }

    [Test]
    public void A_file_that_is_not_a_database_fails_to_open_with_a_permanent_store_exception()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllBytes(DatabasePath, Enumerable.Repeat((byte)'x', 8192).ToArray());

        var error = Assert.Throws<StoreException>(() => EmbeddedStores.Open(_directory));

        Assert.Multiple(() =>
        {
            Assert.That(error!.IsTransient, Is.False);
            Assert.That(error, Is.Not.InstanceOf<QueueException>());
            Assert.That(error.InnerException, Is.InstanceOf<SqliteException>());
        });
    }

    [Test]
    public async Task A_corrupted_table_fails_its_operations_with_a_permanent_store_exception()
    {
        var deal = TestData.Deal();
        await using (var stores = EmbeddedStores.Open(_directory))
        {
            await stores.Deals.InsertAsync(deal);
        }

        long rootPage;
        using (var connection = OpenRaw())
        {
            rootPage = (long)Scalar(connection, "SELECT rootpage FROM sqlite_master WHERE name = 'deals';")!;
        }

        // Overwrite the deals table's root page (4096-byte pages) with garbage; the schema page stays intact.
        await using (var file = new FileStream(DatabasePath, FileMode.Open, FileAccess.Write))
        {
            file.Seek((rootPage - 1) * 4096, SeekOrigin.Begin);
            file.Write(Enumerable.Repeat((byte)0xA5, 4096).ToArray());
        }

        await using var reopened = EmbeddedStores.Open(_directory);
        var error = Assert.ThrowsAsync<StoreException>(() => reopened.Deals.GetAsync(deal.Aggregate));

        Assert.Multiple(() =>
        {
            Assert.That(error!.IsTransient, Is.False);
            Assert.That(((SqliteException)error.InnerException!).SqliteErrorCode, Is.EqualTo(11), "SQLITE_CORRUPT");
        });
    }

    [Test]
    public async Task A_version_2_database_gets_its_approved_deals_listed()
    {
        var aggregate = TestData.Aggregate();
        var rejected = TestData.Aggregate();
        await using (EmbeddedStores.Open(_directory))
        {
        }

        using (var connection = OpenRaw())
        {
            // Back to version 2, as a dealer before deal lists left it: no ledger_deals, verdicts in the ledger only, no error marks.
            Scalar(connection, "DROP TABLE ledger_deals;");
            Scalar(connection, "ALTER TABLE ledger DROP COLUMN invalid_pieces;");
            Scalar(connection, "DROP INDEX receipts_errors_by_time;");
            Scalar(connection, "ALTER TABLE receipts DROP COLUMN is_error;");
            Scalar(connection, $"""
                INSERT INTO ledger (aggregate, approved, deal_id, provider, reason, recorded_at)
                VALUES ('{aggregate}', 1, 42, 'f042', NULL, 1), ('{rejected}', 0, NULL, NULL, 'no', 1);
                """);
            Scalar(connection, "PRAGMA user_version = 2;");
        }

        await using var stores = EmbeddedStores.Open(_directory);

        Assert.Multiple(async () =>
        {
            Assert.That(await stores.Ledger.ListDealsAsync(aggregate), Is.EqualTo(new[] { new LedgerDeal(42, "f042") }));
            Assert.That(await stores.Ledger.ListDealsAsync(rejected), Is.Empty);
            Assert.That((await stores.Ledger.GetAsync(aggregate))!.DealId, Is.EqualTo(42L));
        });
    }

    [Test]
    public void A_database_from_a_newer_dealer_is_refused()
    {
        Directory.CreateDirectory(_directory);
        using (var connection = OpenRaw())
        {
            Scalar(connection, "PRAGMA user_version = 99;");
        }

        var error = Assert.Throws<StoreException>(() => EmbeddedStores.Open(_directory));

        Assert.That(error!.Message, Does.Contain("99"));
    }

    [Test]
    public async Task Writes_blocked_by_another_writer_past_the_busy_timeout_fail_as_transient()
    {
        await using var stores = EmbeddedStores.Open(_directory, new EmbeddedStoreOptions { BusyTimeout = TimeSpan.FromMilliseconds(200) });
        var deal = TestData.Deal();
        using (var blocker = OpenRaw())
        using (var transaction = blocker.BeginTransaction(deferred: false))
        {
            var store = Assert.ThrowsAsync<StoreException>(() => stores.Deals.InsertAsync(deal));
            var queue = Assert.ThrowsAsync<QueueException>(() => stores.Queue.EnqueueAsync("m"));

            Assert.Multiple(() =>
            {
                Assert.That(store!.IsTransient, Is.True);
                Assert.That(store, Is.Not.InstanceOf<QueueException>());
                Assert.That(queue!.IsTransient, Is.True);
            });
        }

        Assert.That(await stores.Deals.InsertAsync(deal), Is.True, "the same call succeeds once the lock is gone");
    }

    [Test]
    public async Task Reads_are_not_blocked_by_another_writer()
    {
        await using var stores = EmbeddedStores.Open(_directory, new EmbeddedStoreOptions { BusyTimeout = TimeSpan.FromMilliseconds(200) });
        var deal = TestData.Deal();
        await stores.Deals.InsertAsync(deal);
        using var blocker = OpenRaw();
        using var transaction = blocker.BeginTransaction(deferred: false);

        Assert.That(await stores.Deals.GetAsync(deal.Aggregate), Is.EqualTo(deal));
    }

    [Test]
    public async Task A_cancelled_operation_throws_operation_cancelled_not_a_store_exception()
    {
        await using var stores = EmbeddedStores.Open(_directory);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.Multiple(() =>
        {
            Assert.That(async () => await stores.Deals.GetAsync("x", cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(async () => await stores.Queue.EnqueueAsync("m", cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
            Assert.That(async () => await stores.Offers.PutAsync(TestData.Offer(), cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        });
    }

    [Test]
    public async Task Several_processes_opening_a_new_directory_at_once_all_get_the_same_schema()
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => EmbeddedStores.Open(_directory))));
        try
        {
            await opened[0].Deals.InsertAsync(TestData.Deal(aggregate: "bafkzcibshared"));
            foreach (var stores in opened)
            {
                Assert.That((await stores.Deals.GetAsync("bafkzcibshared"))?.Aggregate, Is.EqualTo("bafkzcibshared"));
            }
        }
        finally
        {
            foreach (var stores in opened)
            {
                await stores.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task Closed_stores_refuse_further_use()
    {
        var stores = EmbeddedStores.Open(_directory);
        await stores.DisposeAsync();

        Assert.That(async () => await stores.Deals.GetAsync("x"), Throws.InstanceOf<ObjectDisposedException>());
    }

    [TestCase(0, 5)]
    [TestCase(30, 0)]
    public void Options_out_of_range_are_refused(int visibilitySeconds, int maxReceives)
    {
        var options = new EmbeddedStoreOptions { VisibilityTimeout = TimeSpan.FromSeconds(visibilitySeconds), MaxReceives = maxReceives };

        Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddedStores.Open(_directory, options));
        Assert.That(Directory.Exists(_directory), Is.False, "nothing is created for invalid options");
    }
}
