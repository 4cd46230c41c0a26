using Ember.Chaos;
using Xunit.Abstractions;

namespace Ember.Chaos.Tests;

/// <summary>
/// Every chaos scenario once in its short profile, each on one store, to keep ./test.sh within
/// a few minutes; the program runs every scenario on every store (docs/guarantees.md). A run passes when no job was
/// lost, none stuck, and none ran twice without a dead server or a lost lease to explain it.
/// </summary>
public sealed class ScenarioTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Runs => new()
    {
        { "kill", "postgres" },
        { "sigterm", "redis" },
        { "store-restart", "postgres" },
        { "store-crash", "redis" },
        { "sqlite-lock", "sqlite" },
        { "faulty-jobs", "sqlite" },
        { "clock-skew", "redis" },
        { "clock-forward", "postgres" },
        { "recurring", "redis" },
        { "continuations", "sqlite" },
        { "batches", "postgres" },
        { "batches-store-restart", "redis" },
        { "soak", "postgres" },
        { "limits", "redis" },
        // Each store decides permits its own way (a transaction in C#, a PostgreSQL function, a Lua script): all three.
        { "rates", "sqlite" },
        { "rates", "postgres" },
        { "rates", "redis" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Scenario_accounts_for_every_job(string scenario, string store)
    {
        var result = await ChaosRunner.RunAsync(scenario, store, Profile.Quick, line =>
        {
            output.WriteLine(line);
            Console.WriteLine(line);
        });

        Assert.True(result.Passed, string.Join("\n", result.Accounting.Violations.Take(20)));
    }
}
