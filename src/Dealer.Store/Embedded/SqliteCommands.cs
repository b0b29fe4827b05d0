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
    /// The command for <paramref name="sql"/> on <paramref name="connection"/>, prepared once and reused, enlisted in
    /// <paramref name="transaction"/>. Its parameters are created by the first <see cref="With"/> of each name and
    /// reused after (<see cref="With"/> sets their value), so every use must set every parameter. Owned by the
    /// connection: do not dispose it, and finish with its reader before asking for it again.
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

        command.Transaction = transaction;
        return command;
    }

    /// <summary>
    /// Drops the parameter values of every prepared command of <paramref name="connection"/> (the parameters stay): a
    /// cached command would otherwise keep its last values (a 1 MiB offer's pieces JSON, a receipt CAR) alive until its
    /// next use.
    /// </summary>
    public static void ReleaseParameters(this SqliteConnection connection)
    {
        if (Statements.TryGetValue(connection, out var commands))
        {
            foreach (var command in commands.Values)
            {
                foreach (SqliteParameter parameter in command.Parameters)
                {
                    parameter.Value = null;
                }
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

    /// <summary>
    /// Binds <paramref name="value"/> (null as SQL NULL) to <paramref name="name"/>, reusing the command's parameter of
    /// that name when it has one.
    /// </summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameter(name).Value = value ?? DBNull.Value;
        return command;
    }

    /// <summary>The parameter <paramref name="name"/> of <paramref name="command"/>, created on first use.</summary>
    public static SqliteParameter Parameter(this SqliteCommand command, string name)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        return index >= 0 ? parameters[index] : parameters.AddWithValue(name, DBNull.Value);
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
