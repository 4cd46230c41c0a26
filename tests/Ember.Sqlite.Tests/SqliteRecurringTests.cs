using Ember.Storage;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Ember.Sqlite.Tests;

// Recurring jobs on a file shared by several stores (processes): each occurrence fires once.
public sealed class SqliteRecurringTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Stores_on_one_file_racing_to_fire_an_occurrence_fire_it_once()
    {
        const int occurrences = 20;
        const int callersPerStore = 3;
        using var first = _database.CreateStore(_time);
        using var second = _database.CreateStore(_time);
        await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());
        var start = _time.GetUtcNow();
        await first.UpsertRecurringJobAsync(new RecurringJobRecord
        {
            Id = "report", Cron = "* * * * *", TimeZoneId = "UTC", Queue = "default", Invocation = "{}", NextRunAt = start,
        });
        var fired = new List<string>();

        for (var i = 0; i < occurrences; i++)
        {
            var occurrence = start.AddMinutes(i);
            var request = new FireRecurringJobRequest("report", occurrence, occurrence.AddMinutes(1), occurrence, [Job()]);
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Every caller waits for the same signal, so the two stores' transactions really race for the file.
            var callers = new[] { first, second }.SelectMany(store => Enumerable.Range(0, callersPerStore).Select(_ => Task.Run(async () =>
            {
                await go.Task;
                return await store.FireRecurringJobAsync(request);
            }))).ToArray();
            go.SetResult();
            var results = await Task.WhenAll(callers);

            var winner = Assert.Single(results, r => r is not null)!;
            fired.Add(Assert.Single(winner));
        }

        var recurring = (await second.Queries.GetRecurringJobAsync("report"))!;
        Assert.Equal((start.AddMinutes(occurrences), start.AddMinutes(occurrences - 1), fired[^1]), (recurring.NextRunAt, recurring.LastRunAt, recurring.LastJobId));
        Assert.Equal(occurrences, fired.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal((long)occurrences, (await first.Queries.GetStateCountsAsync())[JobState.Enqueued]);
    }

    [Fact]
    public async Task Upsert_keeps_the_first_created_at_across_stores()
    {
        var record = new RecurringJobRecord { Id = "r", Cron = "* * * * *", TimeZoneId = "UTC", Queue = "default", Invocation = "{}" };
        var firstAt = _time.GetUtcNow();
        using (var first = _database.CreateStore(_time)) await first.UpsertRecurringJobAsync(record);
        _time.Advance(TimeSpan.FromHours(1));

        using var second = _database.CreateStore(_time);
        await second.UpsertRecurringJobAsync(record with { Cron = "0 * * * *", CreatedAt = _time.GetUtcNow() });

        var stored = (await second.Queries.GetRecurringJobAsync("r"))!;
        Assert.Equal(("0 * * * *", firstAt), (stored.Cron, stored.CreatedAt));
    }

    private static NewJob Job() => new() { Queue = "default", State = JobState.Enqueued, Invocation = "{}" };
}
