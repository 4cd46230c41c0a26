using Ember.Dashboard.Tests.Support;
using Ember.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ember.Dashboard.Tests.Pages;

/// <summary>The concurrency limits page: keys with their holders and waiting jobs, and setting or removing a limit.</summary>
public sealed class ConcurrencyPageTests
{
    private static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    [Fact]
    public async Task Lists_keys_with_holders_and_sets_and_removes_a_limit()
    {
        await using var app = await DashboardApp.StartAsync();
        var store = app.App.Services.GetRequiredService<IJobStore>();
        for (var i = 0; i < 3; i++)
            await app.Jobs.EnqueueAsync(() => SampleJobs.Succeed("t" + i), new EnqueueOptions { ConcurrencyKey = "tenant:<7>", ConcurrencyLimit = 2 });
        var running = await store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 10, TimeSpan.FromMinutes(1)));
        Assert.Equal(2, running.Count);
        using var client = app.Client();

        var (_, page) = await client.GetAsync("/concurrency");

        Assert.Contains("<code>tenant:&lt;7&gt;</code>", page, StringComparison.Ordinal);
        foreach (var job in running) Assert.Contains($"#{job.Id}</a>", page, StringComparison.Ordinal);
        Assert.Contains("the jobs&#39; own", page, StringComparison.Ordinal);

        using var set = await client.PostAsync("/actions/concurrency/set", [F("key", "tenant:<7>"), F("limit", "3"), F("return", "/concurrency")]);
        Assert.Contains("Set the key&#39;s limit.", await client.FollowAsync(set));
        Assert.Equal(3, (await app.Queries.GetConcurrencyKeysAsync()).Single().Limit);
        Assert.Single(await store.FetchJobsAsync(new FetchJobsRequest("s", ["default"], 10, TimeSpan.FromMinutes(1))));

        using var remove = await client.PostAsync("/actions/concurrency/remove", [F("key", "tenant:<7>"), F("return", "/concurrency")]);
        Assert.Contains("Removed the key&#39;s limit.", await client.FollowAsync(remove));
        Assert.Null((await app.Queries.GetConcurrencyKeysAsync()).Single().Limit);
    }

    [Theory]
    [InlineData("k", "0")]
    [InlineData("k", "many")]
    [InlineData("", "2")]
    public async Task A_bad_limit_or_key_gets_a_message_and_changes_nothing(string key, string limit)
    {
        await using var app = await DashboardApp.StartAsync();
        using var client = app.Client();
        await client.GetAsync("/concurrency");

        using var response = await client.PostAsync("/actions/concurrency/set", [F("key", key), F("limit", limit), F("return", "/concurrency")]);

        Assert.Contains("The limit wasn&#39;t set", await client.FollowAsync(response));
        Assert.Empty(await app.Queries.GetConcurrencyKeysAsync());
    }
}
