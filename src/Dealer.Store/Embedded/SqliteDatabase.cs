using System.Collections.Concurrent;
using System.Globalization;
using Dealer.Store.Abstractions;
using Microsoft.Data.Sqlite;

namespace Dealer.Store.Embedded;

/// <summary>
/// The <c>dealer.db</c> of one data directory: a small pool of connections for reads, one writer that applies every
/// write of this instance (group commit), the per-connection pragmas, and the mapping of SQLite failures to
/// <see cref="StoreException"/> and <see cref="QueueException"/>.
/// </summary>
/// <remarks>
/// <para>
/// The pool is our own (ADO.NET pooling is off) so that disposing the stores closes every handle on the file, and so
/// that two instances on the same directory in one process lock each other exactly like two processes do.
/// </para>
/// <para>
/// Group commit: <see cref="WriteAsync"/> queues a unit of work; a single writer thread takes every unit
/// waiting, applies each inside its own savepoint of one IMMEDIATE transaction, commits once (one fsync, with
/// <c>synchronous = FULL</c>) and only then completes the units. A unit that fails is rolled back alone; a commit
/// that fails fails every unit of its batch. While one batch commits the next one gathers, so under load the cost of
/// the fsync is shared by every request that arrived meanwhile, and request threads never wait on SQLite's write lock.
/// The writer blocks only when nothing is queued, and a request signals it only then; the units' continuations run on
/// the thread pool, never on the writer.
/// </para>
/// </remarks>
internal sealed class SqliteDatabase : IDisposable, IAsyncDisposable
{
    // Enough for the concurrent reads one dealer process runs (requests, the consumer, the cron's 16 deals at a
    // time); more are opened on demand and closed.
    private const int MaxIdleConnections = 16;

    // Bounds a batch's transaction (and the time its first unit waits) when units arrive faster than they commit.
    private const int MaxBatch = 512;

    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly ConcurrentBag<SqliteConnection> _idle = [];

    // The writer's inbox. The writer sleeps on _wake only when the inbox is empty and says so in _sleeping, so a
    // request signals it (a futex wake) only then, not while it applies or commits a batch.
    private readonly ConcurrentQueue<WriteUnit> _writes = new();
    // No spinning before it blocks: on a small machine the spin takes the CPU the requests need.
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly Thread _writer;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sleeping;
    private volatile bool _stopping;
    private volatile bool _writerExited;
    private volatile bool _disposed;

    private SqliteDatabase(string path, TimeSpan busyTimeout)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY itself until the command timeout (whole seconds) has passed;
            // keep that no longer than the busy timeout, rounded up.
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();
        // synchronous=FULL: a committed offer registration or enqueue survives a power cut, not only a process crash.
        // temp_store=MEMORY: the savepoint journal of a unit (the pages a unit changes that an earlier unit of its batch
        // had already changed) stays in memory instead of spilling to a temp file; it only serves a unit's rollback.
        _connectionPragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;");
        // A thread of its own: the writer blocks in SQLite (the commit's fsync), which would hold a pool thread.
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "dealer.db writer" };
        _writer.Start();
    }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/> and brings its schema up to date.</summary>
    /// <exception cref="StoreException">The file is not a usable database.</exception>
    public static SqliteDatabase Open(string path, TimeSpan busyTimeout)
    {
        var database = new SqliteDatabase(path, busyTimeout);
        try
        {
            database.RunAsync("open the database", queue: false, (connection, _) =>
            {
                EmbeddedSchema.Migrate(connection);
                return Task.FromResult(true);
            }, CancellationToken.None).GetAwaiter().GetResult();
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a pooled connection. SQLite and I/O failures become a
    /// <see cref="StoreException"/> (a <see cref="QueueException"/> when <paramref name="queue"/>), busy or locked
    /// ones transient; cancellation stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<T> RunAsync<T>(string operation, bool queue, Func<SqliteConnection, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        SqliteConnection? connection = null;
        try
        {
            connection = Rent();
            var result = await work(connection, cancellationToken).ConfigureAwait(false);
            Return(connection);
            return result;
        }
        catch (SqliteException e)
        {
            // A failed connection may hold a half-finished statement or transaction; never reuse it.
            connection?.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw Failure(operation, queue, IsTransient(e), e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            connection?.Dispose();
            throw Failure(operation, queue, transient: false, e);
        }
        catch
        {
            connection?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Applies <paramref name="work"/> in the writer's next batch, inside a savepoint of its transaction, and completes
    /// when that transaction is committed (durable). <paramref name="work"/> runs on the writer's connection: it must
    /// be quick, synchronous, and use <c>Prepared</c> statements with the given transaction. A failure of the unit
    /// rolls back only its own writes; failures map as in <see cref="RunAsync"/>. Cancellation stops the wait, not
    /// necessarily the write.
    /// </summary>
    public Task<T> WriteAsync<T>(string operation, bool queue, Func<SqliteConnection, SqliteTransaction, T> work,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        var unit = new WriteUnit<T>(operation, queue, work);
        _writes.Enqueue(unit);
        Wake();
        if (_writerExited)
        {
            // The writer may have made its last pass before this unit arrived.
            FailPending();
        }

        return cancellationToken.CanBeCanceled ? unit.Task.WaitAsync(cancellationToken) : unit.Task;
    }

    /// <summary>Builds the exception an operation of this backend throws.</summary>
    public static StoreException Failure(string operation, bool queue, bool transient, Exception inner)
    {
        var message = $"The embedded store could not {operation}: {inner.Message}";
        return queue ? new QueueException(message, transient, inner) : new StoreException(message, transient, inner);
    }

    /// <summary>SQLITE_BUSY and SQLITE_LOCKED (another connection holds the lock) may clear; the rest need an operator.</summary>
    private static bool IsTransient(SqliteException e) => (e.SqliteErrorCode & 0xFF) is 5 or 6;

    public void Dispose()
    {
        _disposed = true;
        StopWriter();
        // The writer finishes the units already queued; it never waits on anything but SQLite.
        _writer.Join();
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        StopWriter();
        await _writerDone.Task.ConfigureAwait(false);
        Dispose();
    }

    private void StopWriter()
    {
        _stopping = true;
        Wake();
    }

    /// <summary>Wakes the writer if it sleeps (or is about to).</summary>
    private void Wake()
    {
        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
        {
            _wake.Set();
        }
    }

    /// <summary>
    /// The single writer: runs until the database is disposed, one batch per transaction, on its own thread, so the
    /// request threads only ever await a completion.
    /// </summary>
    private void WriteLoop()
    {
        var batch = new List<WriteUnit>(MaxBatch);
        SqliteConnection? connection = null;
        try
        {
            while (true)
            {
                while (batch.Count < MaxBatch && _writes.TryDequeue(out var unit))
                {
                    batch.Add(unit);
                }

                if (batch.Count > 0)
                {
                    connection = ApplyBatch(connection, batch);
                    batch.Clear();
                    continue;
                }

                if (_stopping)
                {
                    break;
                }

                // Announce the sleep, then look again: a unit queued before the announcement is seen here, one queued
                // after it finds _sleeping set and signals.
                Interlocked.Exchange(ref _sleeping, 1);
                if (!_writes.IsEmpty || _stopping)
                {
                    if (Interlocked.Exchange(ref _sleeping, 0) == 1)
                    {
                        continue;
                    }
                }

                // Either asleep with _sleeping set, or a waker took the flag and has released (or will release) once.
                _wake.Wait();
                _wake.Reset();
            }
        }
        finally
        {
            connection?.Dispose();
            _writerExited = true;
            FailPending();
            _writerDone.TrySetResult();
        }
    }

    /// <summary>Fails the units queued after the writer stopped.</summary>
    private void FailPending()
    {
        while (_writes.TryDequeue(out var unit))
        {
            unit.Fail(new ObjectDisposedException(nameof(SqliteDatabase)));
        }
    }

    /// <summary>Applies and commits one batch; returns the connection to use next (null after a failed one).</summary>
    private SqliteConnection? ApplyBatch(SqliteConnection? connection, List<WriteUnit> batch)
    {
        var applied = new List<WriteUnit>(batch.Count);
        try
        {
            connection ??= Open();
            using var transaction = connection.BeginTransaction(deferred: false);
            foreach (var unit in batch)
            {
                transaction.Save("unit");
                try
                {
                    unit.Apply(connection, transaction);
                    transaction.Release("unit");
                    applied.Add(unit);
                }
                catch (Exception e) when (e is not SqliteException || !IsFatal((SqliteException)e))
                {
                    transaction.Rollback("unit");
                    transaction.Release("unit");
                    unit.Fail(Map(unit, e));
                }
            }

            transaction.Commit();
            connection.ReleaseParameters();
            foreach (var unit in applied)
            {
                unit.Complete();
            }

            return connection;
        }
        catch (Exception e)
        {
            // The transaction did not commit: nothing of this batch is written, and the connection is not trusted again.
            connection?.Dispose();
            foreach (var unit in batch)
            {
                unit.Fail(Map(unit, e));
            }

            return null;
        }
    }

    // Errors that abort the whole transaction (disk full, I/O, corruption, no memory) cannot be rolled back to a savepoint.
    private static bool IsFatal(SqliteException e) => (e.SqliteErrorCode & 0xFF) is 7 or 10 or 11 or 13 or 26;

    private static Exception Map(WriteUnit unit, Exception e) => e switch
    {
        SqliteException sqlite => Failure(unit.Operation, unit.Queue, IsTransient(sqlite), sqlite),
        IOException or UnauthorizedAccessException => Failure(unit.Operation, unit.Queue, transient: false, e),
        _ => e,
    };

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = _connectionPragmas;
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private SqliteConnection Rent() => _idle.TryTake(out var pooled) ? pooled : Open();

    private void Return(SqliteConnection connection)
    {
        connection.ReleaseParameters();
        if (_disposed || _idle.Count >= MaxIdleConnections)
        {
            connection.Dispose();
            return;
        }

        _idle.Add(connection);
        // Dispose may have drained the bag between the check and the add.
        if (_disposed && _idle.TryTake(out var late))
        {
            late.Dispose();
        }
    }

    /// <summary>One queued write: its work, and the completion its caller awaits.</summary>
    private abstract class WriteUnit(string operation, bool queue)
    {
        public string Operation { get; } = operation;

        public bool Queue { get; } = queue;

        public abstract void Apply(SqliteConnection connection, SqliteTransaction transaction);

        public abstract void Complete();

        public abstract void Fail(Exception error);
    }

    private sealed class WriteUnit<T>(string operation, bool queue, Func<SqliteConnection, SqliteTransaction, T> work)
        : WriteUnit(operation, queue)
    {
        // Continuations run on the thread pool, never on the writer.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _completion.Task;

        public override void Apply(SqliteConnection connection, SqliteTransaction transaction) =>
            _result = work(connection, transaction);

        public override void Complete() => _completion.TrySetResult(_result);

        public override void Fail(Exception error) => _completion.TrySetException(error);
    }
}
