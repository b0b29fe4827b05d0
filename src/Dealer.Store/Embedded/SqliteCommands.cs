using Microsoft.Data.Sqlite;

namespace Dealer.Store.Embedded;

/// <summary>Terse command building and column reading for the embedded stores.</summary>
internal static class SqliteCommands
{
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
