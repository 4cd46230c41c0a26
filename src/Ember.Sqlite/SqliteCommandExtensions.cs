using Microsoft.Data.Sqlite;

namespace Ember.Sqlite;

internal static class SqliteCommandExtensions
{
    /// <summary>
    /// Sets a parameter, adding it on first use: cached commands keep their parameter objects, so rebinding a prepared
    /// statement allocates nothing but the boxed value.
    /// </summary>
    public static SqliteCommand Bind(this SqliteCommand command, string name, object? value)
    {
        var parameters = command.Parameters;
        var index = parameters.IndexOf(name);
        if (index < 0) parameters.Add(new SqliteParameter(name, value ?? DBNull.Value));
        else parameters[index].Value = value ?? DBNull.Value;
        return command;
    }

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTimeOffset? GetNullableTime(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : SqliteValues.FromMs(reader.GetInt64(ordinal));
}
