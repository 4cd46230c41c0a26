using System.Collections.Concurrent;
using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Batches;

// [FromResults]: a continuation of several parents (fan-in) or of a batch gets every parent's result, in order.
public class FromResultsTests
{
    [Fact]
    public async Task A_fan_in_continuation_gets_each_parents_result_in_the_order_the_parents_were_given()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 4);
        var key = Signals.NewKey();
        var a = harness.Client.Enqueue(() => ResultJobs.Square(3));
        var b = harness.Client.Enqueue(() => ResultJobs.SquareAsync(4));
        var nothing = harness.Client.Enqueue(() => TestJobs.Record(key + ":void"));

        var sum = harness.Client.ContinueJobWith(new[] { b, nothing, a }, () => ResultJobs.Collect(key, null!));
        var list = harness.Client.ContinueJobWith(new[] { a, b }, () => ResultJobs.CollectList(key + ":list", null!));

        await harness.WaitForStateAsync(sum, JobState.Succeeded);
        await harness.WaitForStateAsync(list, JobState.Succeeded);
        Assert.Equal(["16,0,9"], ResultJobs.Received(key));
        Assert.Equal(["9,16"], ResultJobs.Received(key + ":list"));
    }

    [Fact]
    public async Task A_continuation_of_a_batch_gets_its_jobs_results_oldest_first_then_its_nested_batches()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 4);
        var batches = new BatchJobClient(harness.Store);
        var key = Signals.NewKey();

        var batchId = await batches.StartNewAsync(batch =>
        {
            batch.Enqueue(() => ResultJobs.Square(1));
            batch.StartNew(nested => nested.Enqueue(() => ResultJobs.Square(5)));
            batch.Enqueue(() => ResultJobs.SquareAsync(2));
        });
        var after = harness.Client.ContinueJobWith(batchId, () => ResultJobs.CollectList(key, null!));
        var fanIn = harness.Client.ContinueJobWith(new[] { after, batchId }, () => ResultJobs.Collect(key + ":mixed", null!));

        await harness.WaitForStateAsync(fanIn, JobState.Succeeded);
        Assert.Equal(["1,4,25"], ResultJobs.Received(key));
        Assert.Equal(["0,1,4,25"], ResultJobs.Received(key + ":mixed"));
    }

    [Fact]
    public async Task Bad_shapes_and_a_plain_job_get_errors_that_say_what_to_do()
    {
        await using var harness = await ServerHarness.StartAsync();

        var shape = Assert.Throws<ArgumentException>(() => harness.Client.Enqueue(() => ResultJobs.NotAList(0)));
        Assert.Contains("is [FromResults] but of type Int32; declare it as T[], IReadOnlyList<T>", shape.Message, StringComparison.Ordinal);

        var plain = harness.Client.Enqueue(() => ResultJobs.Collect("never", null!));
        await harness.WaitForStateAsync(plain, JobState.Failed);
        Assert.Contains("is [FromResults], but job " + plain + " is not a continuation", (await harness.DetailsAsync(plain)).History[^1].Reason, StringComparison.Ordinal);
    }
}

public static class ResultJobs
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Seen = new();

    public static int Square(int n) => n * n;

    public static async Task<int> SquareAsync(int n)
    {
        await Task.Yield();
        return n * n;
    }

    public static void Collect(string key, [FromResults] int[] results) => Add(key, string.Join(',', results));

    public static void CollectList(string key, [FromResults] IReadOnlyList<int> results) => Add(key, string.Join(',', results));

    public static void NotAList([FromResults] int results) => _ = results;

    public static IReadOnlyList<string> Received(string key) => Seen.TryGetValue(key, out var queue) ? [.. queue] : [];

    private static void Add(string key, string value) => Seen.GetOrAdd(key, _ => new ConcurrentQueue<string>()).Enqueue(value);
}
