using Ember.InMemory;
using Ember.Storage;
using Ember.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Tests.Filters;

public class LatencyTimeoutTests
{
    [Fact]
    public async Task A_job_that_waited_longer_than_its_latency_timeout_is_deleted_instead_of_run()
    {
        // The store's clock is an hour behind the server's: every job it holds has waited an hour when it starts.
        var store = new InMemoryJobStore(new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1)));
        await using var harness = await ServerHarness.StartAsync(store: store);
        var key = Signals.NewKey();

        var late = await harness.Client.EnqueueAsync(() => LatencyJobs.Notify(key));
        var patient = await harness.Client.EnqueueAsync(() => LatencyJobs.Patient(key));

        var deleted = await harness.WaitForStateAsync(late, JobState.Deleted);
        await harness.WaitForStateAsync(patient, JobState.Succeeded);
        Assert.Equal(1, Signals.Count(key)); // only the patient job ran
        var entry = (await harness.DetailsAsync(late)).History[^1];
        Assert.Equal(HistoryKind.ChosenByFilter, entry.Kind);
        Assert.Contains("[LatencyTimeout] of 60 s", entry.Reason, StringComparison.Ordinal);
        Assert.NotNull(deleted.ExpireAt);
    }

    [Fact]
    public async Task A_job_started_in_time_runs()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();

        var id = await harness.Client.EnqueueAsync(() => LatencyJobs.Notify(key));

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(1, Signals.Count(key));
    }

    [Fact]
    public void A_timeout_under_one_second_is_refused_naming_the_argument()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyTimeoutAttribute(0));

        Assert.Equal("timeoutInSeconds", error.ParamName);
        Assert.Contains("[LatencyTimeout]", error.Message, StringComparison.Ordinal);
    }

    public static class LatencyJobs
    {
        [LatencyTimeout(60)]
        public static void Notify(string key) => Signals.Hit(key);

        [LatencyTimeout(24 * 3600)]
        public static void Patient(string key) => Signals.Hit(key);
    }
}
