using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Dealer.Store.Embedded;

/// <summary>Terse command building and column reading for the embedded stores.</summary>
internal static class SqliteCommands
{
    // Per connection, the commands built so far by SQL text: a command keeps its prepared statements between
    // executions, so each statement is prepared once per connection. A connection is used by one caller at a time.
    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> Statements = new();

    /// <summary>
    /// The command for <paramref name="sql"/> on <paramref name="connection"/>, prepared once and reused, with no
    /// parameters bound and enlisted in <paramref name="transaction"/>. Owned by the connection: do not dispose it, and
    /// finish with its reader before asking for it again.
    /// </summary>
    public static SqliteCommand Prepared(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var commands = Statements.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }

        command.Parameters.Clear();
        command.Transaction = transaction;
        return command;
    }

    /// <summary>
    /// Unbinds the parameters of every prepared command of <paramref name="connection"/>: a cached command would
    /// otherwise keep its last values (a 1 MiB offer's pieces JSON, a receipt CAR) alive until its next use.
    /// </summary>
    public static void ReleaseParameters(this SqliteConnection connection)
    {
        if (Statements.TryGetValue(connection, out var commands))
        {
            foreach (var command in commands.Values)
            {
                command.Parameters.Clear();
            }
        }
    }

    /// <summary>A command with <paramref name="sql"/>, enlisted in <paramref name="transaction"/> when there is one.</summary>
    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Binds <paramref name="value"/> (null as SQL NULL) to <paramref name="name"/>.</summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>The text in column <paramref name="ordinal"/>, or null.</summary>
    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>The integer in column <paramref name="ordinal"/>, or null.</summary>
    public static long? GetNullableInt64(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>A stored timestamp (milliseconds since the Unix epoch) as UTC.</summary>
    public static DateTimeOffset GetTimestamp(this SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    /// <summary>The stored form of a timestamp: milliseconds since the Unix epoch.</summary>
    public static long ToStored(this DateTimeOffset value) => value.ToUnixTimeMilliseconds();
}
