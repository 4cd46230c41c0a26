using System.Collections.Concurrent;
using System.Globalization;
using Ember.Tests.Support;

namespace Ember.Tests.Culture;

public class CultureCaptureTests
{
    [Fact]
    public async Task A_job_runs_in_the_cultures_of_the_code_that_enqueued_it_stored_as_Hangfire_parameters()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();

        var id = await InCultureAsync("fr-FR", "de-DE", () => harness.Client.EnqueueAsync(() => CultureJobs.Record(key, 1234.5m)));

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(("fr-FR", "de-DE", 1234.5m.ToString(CultureInfo.GetCultureInfo("fr-FR"))), CultureJobs.Seen[key]);
        var parameters = (await harness.DetailsAsync(id)).Job.Parameters;
        Assert.Equal("\"fr-FR\"", parameters["CurrentCulture"]);
        Assert.Equal("\"de-DE\"", parameters["CurrentUICulture"]);
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
        Assert.DoesNotContain("CurrentCulture", (await harness.DetailsAsync(plainId)).Job.Parameters.Keys);
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
