using Ember.Testing.Tests.Support;

namespace Ember.Testing.Tests.Assertions;

public class AssertRecurringTests
{
    private readonly TestBackgroundJobClient _jobs = new();

    [Fact]
    public void Passes_for_a_registered_id_with_its_cron_and_call()
    {
        _jobs.AddOrUpdate<Reports>("daily-report", x => x.Build(new DateOnly(2025, 1, 1)), Cron.Daily(7));

        var record = _jobs.AssertRecurring("daily-report");
        _jobs.AssertRecurring("daily-report", "0 7 * * *");
        _jobs.AssertRecurring<Reports>("daily-report", x => x.Build(JobArg.Any<DateOnly>()), Cron.Daily(7));
        _jobs.AssertNotRecurring("weekly-report");

        Assert.Equal("reports", record.Queue);
        Assert.Equal("0 7 * * *", record.Cron);
    }

    [Fact]
    public void Fails_for_an_unknown_id_listing_the_recurring_jobs()
    {
        _jobs.AddOrUpdate<Reports>("daily-report", x => x.Build(new DateOnly(2025, 1, 1)), Cron.Daily(7));
        _jobs.AddOrUpdate("ping", () => StaticJobs.Log("ping"), "*/5 * * * *", new RecurringJobOptions { TimeZoneId = "Europe/Paris" });

        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertRecurring("weekly-report"));

        var lines = error.Message.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("Expected a recurring job \"weekly-report\", but there is no recurring job with that id. 2 recurring jobs are registered:", lines[0]);
        Assert.StartsWith("  \"daily-report\" Reports.Build(\"2025-01-01\")  cron: \"0 7 * * *\" (UTC), queue: reports, next ", lines[1]);
        Assert.StartsWith("  \"ping\" StaticJobs.Log(\"ping\")  cron: \"*/5 * * * *\" (Europe/Paris), queue: default, next ", lines[2]);
    }

    [Fact]
    public void Fails_for_another_cron_or_call_saying_what_differs()
    {
        _jobs.AddOrUpdate<Reports>("daily-report", x => x.Build(new DateOnly(2025, 1, 1)), Cron.Daily(7));

        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertRecurring("daily-report", Cron.Daily(8)));
        Assert.StartsWith("Expected a recurring job \"daily-report\" with cron \"0 8 * * *\", but its cron is \"0 7 * * *\", expected \"0 8 * * *\". 1 recurring job is registered:", error.Message);

        error = Assert.Throws<JobAssertionException>(() => _jobs.AssertRecurring<Reports>("daily-report", x => x.BuildUrgent(new DateOnly(2025, 1, 1))));
        Assert.Contains("but it calls Reports.Build(\"2025-01-01\"), expected Reports.BuildUrgent(\"2025-01-01\")", error.Message);

        error = Assert.Throws<JobAssertionException>(() => _jobs.AssertRecurring<Reports>("daily-report", x => x.Build(new DateOnly(2025, 1, 2))));
        Assert.Contains("but argument 'day' was \"2025-01-01\", expected \"2025-01-02\"", error.Message);
    }

    [Fact]
    public void Fails_on_an_empty_client_and_AssertNotRecurring_fails_for_a_registered_id()
    {
        var error = Assert.Throws<JobAssertionException>(() => _jobs.AssertRecurring("daily-report"));
        Assert.Equal("Expected a recurring job \"daily-report\", but there is no recurring job with that id, nor any other.", error.Message);

        _jobs.AddOrUpdate("ping", () => StaticJobs.Log("ping"), Cron.Hourly());
        error = Assert.Throws<JobAssertionException>(() => _jobs.AssertNotRecurring("ping"));
        Assert.StartsWith($"Expected no recurring job \"ping\", but it is registered:{Environment.NewLine}  \"ping\" StaticJobs.Log(\"ping\")  cron: \"0 * * * *\"", error.Message);
    }

    [Fact]
    public void Removing_and_triggering_are_recorded()
    {
        _jobs.AddOrUpdate("ping", () => StaticJobs.Log("ping"), Cron.Hourly());

        var id = _jobs.Trigger("ping");
        Assert.True(_jobs.RemoveIfExists("ping"));

        _jobs.AssertNotRecurring("ping");
        Assert.Equal(id, _jobs.AssertEnqueued(() => StaticJobs.Log("ping")).Id);
    }
}
