using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Ember.Invocations;
using Ember.Tests.Support;

namespace Ember.Tests.Display;

public class JobDisplayNamesTests
{
    [Fact]
    public void JobDisplayName_fills_the_arguments_in_the_current_culture()
    {
        var job = Job.FromExpression(() => Named.Pay(12.5m, "Ada"));
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
            Assert.Equal("Pay 12,5 to Ada", JobDisplayNames.Of(job));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void A_stored_invocation_is_named_from_its_arguments_and_DisplayName_works_too()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General);
        var stored = Invocation.Serialize(Job.FromExpression(() => Named.Report("weekly")), options);

        Assert.Equal("Report weekly", JobDisplayNames.Of(stored, options));
        Assert.Null(JobDisplayNames.Of(Invocation.Serialize(Job.FromExpression(() => TestJobs.Record("k")), options)));
    }

    [Fact]
    public void A_bad_format_or_an_unloadable_invocation_has_no_name_instead_of_throwing()
    {
        Assert.Null(JobDisplayNames.Of(Job.FromExpression(() => Named.Broken("x"))));
        Assert.Null(JobDisplayNames.Of("""{"t":"No.Such.Type, Nowhere","m":"Gone","p":[],"a":[]}"""));
        Assert.Null(JobDisplayNames.Of("not json"));
    }

    [Fact]
    public async Task A_job_whose_display_name_format_fails_still_runs()
    {
        await using var harness = await ServerHarness.StartAsync();
        var key = Signals.NewKey();

        var id = await harness.Client.EnqueueAsync(() => Named.BrokenRecord(key));

        await harness.WaitForStateAsync(id, JobState.Succeeded);
        Assert.Equal(1, Signals.Count(key));
    }

    public static class Named
    {
        [JobDisplayName("Pay {0} to {1}")]
        public static void Pay(decimal amount, string to) => _ = (amount, to);

        [DisplayName("Report {0}")]
        public static void Report(string period) => _ = period;

        [JobDisplayName("Broken {3}")]
        public static void Broken(string text) => _ = text;

        [JobDisplayName("Broken {0:Q}}")]
        public static void BrokenRecord(string key) => Signals.Hit(key);
    }
}
