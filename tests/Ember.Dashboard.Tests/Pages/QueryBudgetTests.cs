using System.Collections.Concurrent;
using Ember.Dashboard.Tests.Support;
using Ember.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Ember.Dashboard.Tests.Pages;

/// <summary>
/// What each page costs the store: a fixed handful of calls, counts from statistics and bounded pages, never a scan
/// of all jobs. That is what keeps pages fast with a million jobs stored, on any store.
/// </summary>
public sealed class QueryBudgetTests : IAsyncLifetime
{
    private DashboardApp _app = null!;
    private DashboardClient _client = null!;
    private ConcurrentQueue<(string Method, object? Argument)> _calls = null!;
    private string _job = null!;

    public async Task InitializeAsync()
    {
        ConcurrentQueue<(string, object?)>? calls = null;
        _app = await DashboardApp.StartAsync(new()
        {
            Services = services =>
            {
                calls = RecordingStore.Install(services);
                // The live graph's background sampling is a call of its own (StatisticsHistoryTests); these count a page's.
                services.RemoveAll<IHostedService>();
            },
        });
        _calls = calls!;
        _client = _app.Client();
        await _app.Jobs.CreateAsync(Enumerable.Range(0, 1200).Select(i => new CreateJobRequest { Job = Job.FromExpression(() => SampleJobs.Succeed("n" + i)) }).ToArray());
        _job = await _app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("one"));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<string[]> CallsOfAsync(string path)
    {
        _calls.Clear();
        await _client.GetAsync(path);
        return _calls.Select(c => c.Method).ToArray();
    }

    [Fact]
    public async Task The_live_update_costs_one_statistics_call()
    {
        Assert.Equal(["GetStatisticsAsync"], await CallsOfAsync("/api/stats"));
    }

    [Fact]
    public async Task The_overview_costs_five_cheap_calls()
    {
        // The paused queues are a handful of names, from a table or set of their own.
        Assert.Equal(["GetStatisticsAsync", "GetQueuesAsync", "GetPausedQueuesAsync", "GetServersAsync", "GetHourlyCountsAsync"], await CallsOfAsync(""));
    }

    [Theory]
    [InlineData("/jobs/enqueued", "GetStatisticsAsync,GetJobsAsync,GetQueuesAsync")]
    [InlineData("/jobs/failed", "GetStatisticsAsync,GetJobsAsync,GetFailureGroupsAsync")]
    [InlineData("/jobs/succeeded?page=40&size=500", "GetStatisticsAsync,GetJobsAsync")]
    [InlineData("/retries", "GetStatisticsAsync,GetJobsAsync")]
    [InlineData("/servers", "GetServersAsync")]
    [InlineData("/recurring", "GetRecurringJobsAsync")]
    public async Task A_list_costs_statistics_and_one_bounded_page(string path, string expected)
    {
        Assert.Equal(expected.Split(','), await CallsOfAsync(path));
        foreach (var (_, argument) in _calls)
            if (argument is JobListRequest request) Assert.True(request.Count <= 501, $"{path} asked for {request.Count} jobs");
    }

    [Theory]
    [InlineData("/rate-limits", 101, 0)]
    [InlineData("/rate-limits?size=100000&from=250", 501, 250)]
    public async Task The_rate_limits_page_costs_one_bounded_page_of_keys(string path, int count, int offset)
    {
        Assert.Equal(["GetRateLimitsAsync"], await CallsOfAsync(path));
        var request = Assert.IsType<RateLimitListRequest>(_calls.Single().Argument);
        Assert.Equal((count, offset), (request.Count, request.Offset));
    }

    [Fact]
    public async Task Asking_for_a_huge_page_is_capped()
    {
        await CallsOfAsync("/jobs/enqueued?size=1000000&page=999999999");
        var request = _calls.Select(c => c.Argument).OfType<JobListRequest>().Single();
        Assert.Equal(501, request.Count);
    }

    [Fact]
    public async Task A_job_costs_its_details_and_its_continuations()
    {
        Assert.Equal(["GetJobAsync", "GetContinuationIdsAsync"], await CallsOfAsync("/job/" + _job));
    }
}
