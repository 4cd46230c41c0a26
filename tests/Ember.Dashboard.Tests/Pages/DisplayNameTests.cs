using System.ComponentModel;
using System.Net;
using Ember.Dashboard.Tests.Support;

namespace Ember.Dashboard.Tests.Pages;

/// <summary>[JobDisplayName] and [DisplayName] name jobs in lists and on their page; a bad format never fails a page.</summary>
public sealed class DisplayNameTests : IAsyncLifetime
{
    private DashboardApp _app = null!;
    private DashboardClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await DashboardApp.StartAsync();
        _client = _app.Client();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task JobDisplayName_formats_the_arguments_in_the_list_and_the_page_title()
    {
        var id = await _app.Jobs.EnqueueAsync(() => NamedJobs.Send("<invoice>", 42));

        var (_, list) = await _client.GetAsync("/jobs/enqueued");
        Assert.Contains("Send &lt;invoice&gt; to customer 42</span>", list);
        Assert.Contains("title=\"NamedJobs.Send(&quot;&lt;invoice&gt;&quot;, 42)\"", list);

        var (status, page) = await _client.GetAsync("/job/" + id);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"<title>Send &lt;invoice&gt; to customer 42 (job #{id})", page);
        Assert.Contains($"<h1>Send &lt;invoice&gt; to customer 42 <span class=\"muted\">Job #{id}</span>", page);
        Assert.Contains("<b>Send</b>", page); // the call is still shown
    }

    [Fact]
    public async Task DisplayName_of_ComponentModel_works_the_same_in_lists_and_recurring_jobs()
    {
        await _app.Jobs.ScheduleAsync(() => NamedJobs.Report("daily"), TimeSpan.FromHours(1));
        await _app.Recurring.AddOrUpdateAsync("named-report", Job.FromExpression(() => NamedJobs.Report("nightly")), "0 3 * * *");

        Assert.Contains("Report daily</span>", (await _client.GetAsync("/jobs/scheduled")).Body);
        Assert.Contains("Report nightly</span>", (await _client.GetAsync("/recurring")).Body);
    }

    [Fact]
    public async Task A_format_that_does_not_fit_falls_back_to_the_method_call()
    {
        var id = await _app.Jobs.EnqueueAsync(() => NamedJobs.Broken("x"));

        var (listStatus, list) = await _client.GetAsync("/jobs/enqueued");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Contains("<code>NamedJobs.Broken(&quot;x&quot;)</code>", list);
        var (status, page) = await _client.GetAsync("/job/" + id);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"<h1>Job #{id}", page);
    }
}

public static class NamedJobs
{
    [JobDisplayName("Send {0} to customer {1}")]
    public static void Send(string document, int customer) => _ = (document, customer);

    [DisplayName("Report {0}")]
    public static void Report(string period) => _ = period;

    [JobDisplayName("Broken {5}")]
    public static void Broken(string text) => _ = text;
}
