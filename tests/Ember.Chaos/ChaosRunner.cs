using System.Diagnostics;
using Ember.Chaos.Scenarios;

namespace Ember.Chaos;

/// <summary>Every scenario by name, and how one is run: on a fresh private store, disposed afterwards.</summary>
public static class ChaosRunner
{
    public static readonly IReadOnlyList<Scenario> Scenarios =
    [
        new KillScenario(),
        new SigtermScenario(),
        new StoreRestartScenario(crash: false),
        new StoreRestartScenario(crash: true),
        new SqliteLockScenario(),
        new FaultyJobsScenario(),
        new ClockJumpScenario("clock-skew", TimeSpan.FromSeconds(1), strict: true),
        new ClockJumpScenario("clock-forward", TimeSpan.FromSeconds(30), strict: false),
        new ClockJumpScenario("clock-back", TimeSpan.FromSeconds(-30), strict: false),
        new RecurringScenario(),
        new ContinuationsScenario(),
        new BatchesScenario(),
        new BatchesScenario(storeRestart: true),
        new SoakScenario(),
        new LimitsScenario(),
        new RatesScenario(),
    ];

    public static Scenario Named(string name) =>
        Scenarios.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"Unknown scenario {name}; known: {string.Join(", ", Scenarios.Select(s => s.Name))}.");

    public static async Task<ScenarioResult> RunAsync(string scenario, string store, Profile profile, Action<string> log)
    {
        var chosen = Named(scenario);
        if (!chosen.Stores.Contains(store)) throw new ArgumentException($"Scenario {scenario} runs on {string.Join(", ", chosen.Stores)}, not {store}.");
        var fixture = StoreKinds.Create(store);
        await using (fixture)
        {
            await fixture.Store.InitializeAsync();
            var clock = Stopwatch.StartNew();
            log($"== {scenario} on {store} ({profile.Name})");
            var result = await chosen.RunAsync(new ScenarioContext(fixture, store, profile, log));
            log($"{scenario} on {store}: {result.Accounting}");
            foreach (var figure in result.Figures) log($"  {figure}");
            foreach (var violation in result.Accounting.Violations.Take(20)) log($"  VIOLATION {violation}");
            log($"{scenario} on {store}: {(result.Passed ? "passed" : $"FAILED with {result.Accounting.Violations.Count} violations")} in {clock.Elapsed.TotalSeconds:0} s");
            return result;
        }
    }
}
