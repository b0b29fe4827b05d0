using System.Collections.Concurrent;
using System.Globalization;
using Dealer.Store.Abstractions;
using Microsoft.Data.Sqlite;

namespace Dealer.Store.Embedded;

/// <summary>
/// The <c>dealer.db</c> of one data directory: a small pool of connections owned by this instance, the per-connection
/// pragmas, and the mapping of SQLite failures to <see cref="StoreException"/> and <see cref="QueueException"/>.
/// </summary>
/// <remarks>
/// The pool is our own (ADO.NET pooling is off) so that disposing the stores closes every handle on the file, and so
/// that two instances on the same directory in one process lock each other exactly like two processes do.
/// </remarks>
internal sealed class SqliteDatabase : IDisposable
{
    // Enough for the handful of concurrent operations one dealer process runs; more are opened on demand and closed.
    private const int MaxIdleConnections = 8;

    private readonly string _connectionString;
    private readonly string _connectionPragmas;
    private readonly ConcurrentBag<SqliteConnection> _idle = [];
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
        _connectionPragmas = string.Create(CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;");
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
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private SqliteConnection Rent()
    {
        if (_idle.TryTake(out var pooled))
        {
            return pooled;
        }

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

    private void Return(SqliteConnection connection)
    {
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
}
