using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Ember.PostgreSql.Json;
using Xunit;

namespace Ember.PostgreSql.Tests;

/// <summary>
/// The functions read the store's JSON with <c>json_to_record(set)</c> column lists, which give NULL for a name that
/// isn't there: a field renamed on one side only would be lost without an error. These tests fail when a column list
/// in Functions/*.sql and the C# layout it reads (JobChangeJson, NewJobJson, NewBatchJson) drift apart.
/// </summary>
public sealed partial class PostgreSqlJsonLayoutTests
{
    // Each layout and where it is read: the function file and its json parameter.
    public static TheoryData<Type, string[]> Layouts => new()
    {
        { typeof(JobChangeJson), ["complete_jobs:p_completions", "change_states:p_change"] },
        { typeof(NewJobJson), ["create_jobs:p_jobs"] },
        { typeof(NewBatchJson), ["create_batch:p_batches"] },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_column_the_functions_read_is_in_the_layout(Type layout, string[] readers)
    {
        var names = Names(layout).ToHashSet(StringComparer.Ordinal);
        var columns = readers.SelectMany(Columns).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(columns);
        var unknown = columns.Except(names);
        Assert.Empty(unknown);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_field_of_the_layout_is_read_by_a_function(Type layout, string[] readers)
    {
        // Read by a column list, or by name with a JSON operator (entry ->> 'id').
        var columns = readers.SelectMany(Columns).Concat(readers.SelectMany(OperatorReads)).ToHashSet(StringComparer.Ordinal);

        var unread = Names(layout).Where(name => !columns.Contains(name));
        Assert.Empty(unread);
    }

    // The column names of every json_to_record(set)(parameter) AS [alias](name type, ...) in the function's file.
    private static IEnumerable<string> Columns(string reader)
    {
        var (file, parameter) = (reader.Split(':')[0], reader.Split(':')[1]);
        var sql = LineComment().Replace(Function(file), "");
        var found = false;
        foreach (Match match in Regex.Matches(sql, $@"json_to_record(?:set)?\({Regex.Escape(parameter)}\)\s+AS\s+\w*\s*\("))
        {
            found = true;
            var start = match.Index + match.Length;
            var depth = 1;
            var end = start;
            while (depth > 0) depth += sql[end++] switch { '(' => 1, ')' => -1, _ => 0 };
            foreach (Match column in ColumnName().Matches(sql[start..(end - 1)])) yield return column.Groups["name"].Value;
        }
        if (!found) throw new InvalidOperationException($"Functions/{file}.sql reads no json_to_record(set)({parameter}): update this test's map of readers.");
    }

    private static IEnumerable<string> OperatorReads(string reader) =>
        JsonOperatorRead().Matches(LineComment().Replace(Function(reader.Split(':')[0]), "")).Select(m => m.Groups["name"].Value);

    private static IEnumerable<string> Names(Type layout) =>
        layout.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? throw new InvalidOperationException($"{layout.Name}.{p.Name} has no [JsonPropertyName]."));

    private static string Function(string name)
    {
        using var stream = typeof(PostgreSqlJobStore).Assembly.GetManifestResourceStream($"Ember.PostgreSql.Functions.{name}.sql")
            ?? throw new InvalidOperationException($"No Functions/{name}.sql.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"->>?\s*'(?<name>[a-z_]\w*)'")]
    private static partial Regex JsonOperatorRead();

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"(?:^|,)\s*(?<name>[a-z_]\w*)\s+[a-z]", RegexOptions.Multiline)]
    private static partial Regex ColumnName();
}
