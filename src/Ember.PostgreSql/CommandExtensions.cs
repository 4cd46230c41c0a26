using Npgsql;
using NpgsqlTypes;

namespace Ember.PostgreSql;

/// <summary>Positional parameters ($1, $2, ...) in the order they are added, with explicit types where null is possible.</summary>
internal static class CommandExtensions
{
    public static NpgsqlCommand Add<T>(this NpgsqlCommand command, T value)
    {
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return command;
    }

    public static NpgsqlCommand Add(this NpgsqlCommand command, object? value, NpgsqlDbType type)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        return command;
    }

    public static NpgsqlCommand AddArray<T>(this NpgsqlCommand command, T[] values, NpgsqlDbType elementType)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | elementType });
        return command;
    }
}
