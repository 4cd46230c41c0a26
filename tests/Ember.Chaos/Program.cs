// The chaos program. Needs the servers of ./test.sh (EMBER_TEST_PG, EMBER_TEST_REDIS and the restart variables), e.g.:
//   bash -c 'work=/tmp/chaos-$$; mkdir -p $work; source scripts/services.sh; trap stop_services EXIT;
//            start_postgres; start_redis; dotnet run -c Release --project tests/Ember.Chaos -- all --profile medium'
// Usage: Ember.Chaos <scenario|all> [--store sqlite|postgres|redis|all] [--profile short|medium|long] [--long]
//        Ember.Chaos soak --store postgres [--jobs 1000000]
// "all" runs every scenario but the soak on each of its stores; --long repeats that for 30 minutes.
// Exits 1 when any run found a lost, stuck or unexcused duplicate job.
using System.Diagnostics;
using System.Globalization;
using Ember.Chaos;

var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var store = Option("store") ?? "all";
var profile = Profile.Named(args.Contains("--long") ? "long" : Option("profile") ?? "short");
if (Option("jobs") is { } jobs) profile = profile with { SoakJobs = int.Parse(jobs, CultureInfo.InvariantCulture) };

var runs = (scenario == "all" ? ChaosRunner.Scenarios.Where(s => s.Name != "soak") : [ChaosRunner.Named(scenario)])
    .SelectMany(s => s.Stores.Where(st => store == "all" || st == store).Select(st => (s.Name, Store: st))).ToArray();
if (runs.Length == 0) throw new ArgumentException($"Scenario {scenario} doesn't run on store {store}.");

var clock = Stopwatch.StartNew();
var failed = 0;
var round = 0;
do
{
    round++;
    foreach (var (name, on) in runs)
    {
        var result = await ChaosRunner.RunAsync(name, on, profile, line => Console.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {line}"));
        if (!result.Passed) failed++;
    }
} while (clock.Elapsed < profile.Duration);
Console.WriteLine($"{round} rounds of {runs.Length} runs in {clock.Elapsed.TotalMinutes:0.0} min: {(failed == 0 ? "all passed" : $"{failed} FAILED")}");
return failed == 0 ? 0 : 1;

string? Option(string name)
{
    var index = Array.IndexOf(args, "--" + name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
