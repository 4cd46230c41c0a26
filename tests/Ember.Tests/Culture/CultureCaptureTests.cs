using System.Collections.Concurrent;
using System.Globalization;
using Ember.Invocations;
using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Culture;

public class CultureCaptureTests
{
    [Fact]
    public async Task A_job_runs_in_the_cultures_of_the_code_that_enqueued_it_stored_with_its_invocation()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();

        var id = await InCultureAsync("fr-FR", "de-DE", () => harness.Client.EnqueueAsync(() => CultureJobs.Record(key, 1234.5m)));

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(("fr-FR", "de-DE", 1234.5m.ToString(CultureInfo.GetCultureInfo("fr-FR"))), CultureJobs.Seen[key]);
        var job = (await harness.DetailsAsync(id)).Job;
        var invocation = Invocation.Parse(job.Invocation);
        Assert.Equal(("fr-FR", "de-DE"), (invocation.Culture, invocation.UICulture));
        Assert.Empty(job.Parameters); // a job costs its cultures a few bytes of its invocation, not a parameter set
    }

    [Fact]
    public async Task One_culture_for_both_is_stored_once_and_the_invariant_culture_is_kept_too()
    {
        var options = new EmberOptions();
        var same = await InCultureAsync("fr-FR", "fr-FR", () => Task.FromResult(Invocation.Serialize(Job.FromExpression(() => CultureJobs.Record("x", 1m)), options.SerializerOptions, captureCulture: true)));
        var invariant = await InCultureAsync("", "", () => Task.FromResult(Invocation.Serialize(Job.FromExpression(() => CultureJobs.Record("x", 1m)), options.SerializerOptions, captureCulture: true)));

        Assert.EndsWith(",\"culture\":\"fr-FR\"}", same, StringComparison.Ordinal);
        Assert.Equal(("fr-FR", "fr-FR"), (Invocation.Parse(same).Culture, Invocation.Parse(same).UICulture));
        Assert.Equal(("", ""), (Invocation.Parse(invariant).Culture, Invocation.Parse(invariant).UICulture));
        Assert.Null(Invocation.Parse(Invocation.Serialize(Job.FromExpression(() => CultureJobs.Record("x", 1m)), options.SerializerOptions)).Culture);
    }

    [Fact]
    public async Task A_job_stored_with_its_cultures_as_Hangfire_parameters_still_runs_in_them()
    {
        // As stored before the cultures moved into the invocation, and as a Hangfire-style client filter sets them.
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();
        var stored = await harness.Store.CreateJobsAsync(new CreateJobsRequest([new NewJob
        {
            Invocation = Invocation.Serialize(Job.FromExpression(() => CultureJobs.Record(key, 1234.5m)), new EmberOptions().SerializerOptions),
            Queue = "default",
            State = JobState.Enqueued,
            Parameters = new Dictionary<string, string> { ["CurrentCulture"] = "\"fr-FR\"", ["CurrentUICulture"] = "\"de-DE\"" },
        }]));

        await harness.WaitForStateAsync(stored[0], JobState.Succeeded);
        Assert.Equal(("fr-FR", "de-DE", 1234.5m.ToString(CultureInfo.GetCultureInfo("fr-FR"))), CultureJobs.Seen[key]);
    }

    [Fact]
    public async Task Turned_off_jobs_run_in_the_server_culture_unless_they_carry_CaptureCulture()
    {
        var options = new EmberOptions { CaptureCulture = false };
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);
        var plain = Signals.NewKey();
        var marked = Signals.NewKey();

        var plainId = await InCultureAsync("fr-FR", "fr-FR", () => harness.Client.EnqueueAsync(() => CultureJobs.Record(plain, 1m)));
        var markedId = await InCultureAsync("fr-FR", "fr-FR", () => harness.Client.EnqueueAsync(() => CultureJobs.RecordCaptured(marked)));

        await harness.WaitForStateAsync(plainId, JobState.Succeeded);
        await harness.WaitForStateAsync(markedId, JobState.Succeeded);
        Assert.NotEqual("fr-FR", CultureJobs.Seen[plain].Culture);
        Assert.Null(Invocation.Parse((await harness.DetailsAsync(plainId)).Job.Invocation).Culture);
        Assert.Equal("fr-FR", CultureJobs.Seen[marked].Culture);
    }

    [Fact]
    public async Task A_culture_the_server_does_not_know_is_logged_and_the_job_still_runs()
    {
        var options = new EmberOptions();
        options.Filters.Add(new CultureSetter("not a culture!"));
        await using var harness = await ServerHarness.StartAsync(emberOptions: options);
        var key = Signals.NewKey();

        var id = await harness.Client.EnqueueAsync(() => CultureJobs.Record(key, 1m));

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal("\"not a culture!\"", (await harness.DetailsAsync(id)).Job.Parameters["CurrentCulture"]);
    }

    private static async Task<T> InCultureAsync<T>(string culture, string uiCulture, Func<Task<T>> action)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(uiCulture);
        try
        {
            return await action();
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
            CultureInfo.CurrentUICulture = beforeUi;
        }
    }

    // A client filter that sets the culture parameter itself: capture keeps it.
    private sealed class CultureSetter(string culture) : IClientFilter
    {
        public ValueTask OnCreatingAsync(CreatingContext context)
        {
            context.SetJobParameter("CurrentCulture", culture);
            return ValueTask.CompletedTask;
        }

        public ValueTask OnCreatedAsync(CreatedContext context) => ValueTask.CompletedTask;
    }

    public static class CultureJobs
    {
        public static readonly ConcurrentDictionary<string, (string Culture, string UICulture, string Formatted)> Seen = new();

        public static async Task Record(string key, decimal amount)
        {
            await Task.Yield(); // the culture flows across awaits
            Seen[key] = (CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name, amount.ToString(CultureInfo.CurrentCulture));
        }

        [CaptureCulture]
        public static void RecordCaptured(string key) => Seen[key] = (CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name, "");
    }
}
