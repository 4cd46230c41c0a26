using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Xunit;

namespace Ember.Redis.Tests;

/// <summary>
/// The JSON the store hands its scripts has one named layout per boundary (RedisChange, RedisNewJob, RedisUniqueKey,
/// RedisNewBatch, HistoryEntryJson). These tests fail when the C# records and the Lua that reads or writes them drift
/// apart: a field renamed on one side only would otherwise be read as nil, silently.
/// </summary>
public sealed partial class RedisScriptLayoutTests
{
    // Each layout, the scripts that read it and the Lua variable (a pattern) they read it through: the scripts' convention.
    public static TheoryData<Type, string, string[]> Layouts => new()
    {
        { typeof(RedisChange), "c", ["common", "complete", "change_state", "change_states"] },
        { typeof(RedisNewJob), "job", ["common", "stage_batch_jobs"] },
        { typeof(RedisUniqueKey), @"(?:u|job\.u)", ["common"] },
        { typeof(RedisNewBatch), "req", ["create_batch"] },
        { typeof(RedisNewBatch.Entry), @"(?:b|bs\[[\w ]+\])", ["create_batch"] },
        { typeof(RedisStagedJobs), "req", ["stage_batch_jobs"] },
    };

    // Fields the scripts add to a layout themselves, documented at applyOne: keep (a completion keeps its lease token),
    // ck (a job's concurrency key, passed by createJobs, the fetch and the completion) and popped (the fetch popped the
    // job from its queue already).
    private static readonly Dictionary<Type, string[]> ScriptOnly = new() { [typeof(RedisChange)] = ["keep", "ck", "popped"] };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_field_the_scripts_read_is_in_the_layout(Type layout, string variable, string[] scripts)
    {
        var names = Names(layout).Concat(ScriptOnly.GetValueOrDefault(layout, [])).ToHashSet(StringComparer.Ordinal);
        var read = scripts.SelectMany(script => FieldsRead(Script(script), variable)).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(read);
        Assert.Empty(read.Except(names));
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Every_field_of_the_layout_is_read_by_the_scripts(Type layout, string variable, string[] scripts)
    {
        var read = scripts.SelectMany(script => FieldsRead(Script(script), variable)).ToHashSet(StringComparer.Ordinal);

        var unread = Names(layout).Where(name => !read.Contains(name));
        Assert.Empty(unread);
    }

    [Fact]
    public void History_entries_are_written_with_the_names_the_store_reads_them_by()
    {
        var names = Names(typeof(HistoryEntryJson)).ToHashSet(StringComparer.Ordinal);
        // Every table the scripts push onto a job's history ('hist:' lists) is a constructor { s = ..., k = ..., at = ... }.
        var written = HistoryTable().Matches(string.Join('\n', ScriptNames().Select(Script)))
            .SelectMany(m => TableKey().Matches(m.Groups["body"].Value).Select(k => k.Groups["key"].Value)).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(written);
        Assert.Empty(written.Except(names));
        Assert.Contains("s", written);
        Assert.Contains("at", written);
    }

    [Fact]
    public void Scripts_read_the_fields_applyOne_needs_only_through_current()
    {
        // CUR (common.lua) names them once; a script listing them itself could get the order applyOne expects wrong.
        const string Cur = "local CUR = { 'state', 'queue', 'exp', 'sched', 'hc' }";
        var listing = ScriptNames().Where(name => CurFieldsListed().IsMatch(StripComments(Script(name)).Replace(Cur, "", StringComparison.Ordinal)));

        Assert.Empty(listing);
        Assert.Contains(Cur, Script("common"), StringComparison.Ordinal);
    }

    private static IEnumerable<string> Names(Type layout) =>
        layout.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? throw new InvalidOperationException($"{layout.Name}.{p.Name} has no [JsonPropertyName]: the scripts' names are short and explicit."));

    private static IEnumerable<string> FieldsRead(string lua, string variable) =>
        Regex.Matches(StripComments(lua), $@"(?<![\w.])(?:{variable})\.(?<field>[A-Za-z_]\w*)").Select(m => m.Groups["field"].Value);

    private static string StripComments(string lua) => LineComment().Replace(lua, "");

    private static IEnumerable<string> ScriptNames() =>
        typeof(RedisScript).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Ember.Redis.Scripts.", StringComparison.Ordinal))
            .Select(n => n["Ember.Redis.Scripts.".Length..^".lua".Length]);

    private static string Script(string name)
    {
        using var stream = typeof(RedisScript).Assembly.GetManifestResourceStream($"Ember.Redis.Scripts.{name}.lua")
            ?? throw new InvalidOperationException($"No script {name}.lua.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"'state',\s*'queue',\s*'exp'")]
    private static partial Regex CurFieldsListed();

    [GeneratedRegex(@"--[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"\{(?<body>\s*s\s*=[^{}]*\bat\s*=[^{}]*)\}")]
    private static partial Regex HistoryTable();

    [GeneratedRegex(@"(?:^|[{,])\s*(?<key>[A-Za-z_]\w*)\s*=")]
    private static partial Regex TableKey();
}
