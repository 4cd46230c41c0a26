using Npgsql;
using NpgsqlTypes;

namespace Ember.PostgreSql;

/// <summary>Positional parameters ($1, $2, ...) in the order they are added, with explicit types where null is possible.</summary>
internal static class CommandExtensions
{
    public static NpgsqlCommand Add<T>(this NpgsqlCommand command, T value)
    {
        command.Parameters.AddValue(value);
        return command;
    }

    public static NpgsqlCommand Add(this NpgsqlCommand command, object? value, NpgsqlDbType type)
    {
        command.Parameters.AddValue(value, type);
        return command;
    }

    public static NpgsqlCommand AddArray<T>(this NpgsqlCommand command, T[] values, NpgsqlDbType elementType)
    {
        command.Parameters.AddArray(values, elementType);
        return command;
    }

    /// <summary>The same, for the parameters of a command in a batch (not Add: the collection's own Add(object) would win).</summary>
    public static NpgsqlParameterCollection AddValue<T>(this NpgsqlParameterCollection parameters, T value)
    {
        parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        return parameters;
    }

    public static NpgsqlParameterCollection AddValue(this NpgsqlParameterCollection parameters, object? value, NpgsqlDbType type)
    {
        parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
        return parameters;
    }

    public static NpgsqlParameterCollection AddArray<T>(this NpgsqlParameterCollection parameters, T[] values, NpgsqlDbType elementType)
    {
        parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | elementType });
        return parameters;
    }
}
