using System.Collections.Concurrent;
using Ember.Storage;
using Ember.Tests.Support;

namespace Ember.Tests.Batches;

// The worked example of docs/batches.md, run: fan out per region, fan in to a merge, then the final step.
public class WorkflowTests
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Steps = new();

    public sealed class ReportBuilder
    {
        public async Task BuildRegionAsync(string day, string region, CancellationToken token)
        {
            await Task.Delay(10, token);
            Steps.GetOrAdd(day, _ => new()).Enqueue("region " + region);
        }

        public Task MergeAsync(string day, CancellationToken token)
        {
            Steps.GetOrAdd(day, _ => new()).Enqueue("merge");
            return Task.CompletedTask;
        }
    }

    public sealed class Mailer
    {
        public Task SendReportAsync(string day, CancellationToken token)
        {
            Steps.GetOrAdd(day, _ => new()).Enqueue("mail");
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Fan_out_in_a_batch_fan_in_then_a_final_step()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 8);
        var batches = new BatchJobClient(harness.Store);
        var jobs = harness.Client;
        var day = Signals.NewKey();
        var regions = new[] { "eu", "am", "as", "af", "oc" };

        var batchId = await batches.StartNewAsync(batch =>
        {
            foreach (var region in regions)
                batch.Enqueue<ReportBuilder>(x => x.BuildRegionAsync(day, region, CancellationToken.None));
        }, $"Daily report {day}");
        var merge = await jobs.ContinueJobWithAsync<ReportBuilder>(batchId, x => x.MergeAsync(day, CancellationToken.None));
        var mail = await jobs.ContinueJobWithAsync<Mailer>(merge, x => x.SendReportAsync(day, CancellationToken.None));

        await harness.WaitForStateAsync(mail, JobState.Succeeded);
        var steps = Steps[day].ToArray();
        Assert.Equal(regions.Select(r => "region " + r).Order(), steps[..5].Order());
        Assert.Equal(["merge", "mail"], steps[5..]);
    }

    [Fact]
    public async Task The_same_graph_with_a_continuation_of_three_jobs()
    {
        await using var harness = await ServerHarness.StartAsync(o => o.WorkerCount = 8);
        var jobs = harness.Client;
        var day = Signals.NewKey();

        var europe = jobs.Enqueue<ReportBuilder>(x => x.BuildRegionAsync(day, "eu", CancellationToken.None));
        var americas = jobs.Enqueue<ReportBuilder>(x => x.BuildRegionAsync(day, "am", CancellationToken.None));
        var asia = jobs.Enqueue<ReportBuilder>(x => x.BuildRegionAsync(day, "as", CancellationToken.None));
        var merge = jobs.ContinueJobWith<ReportBuilder>(new[] { europe, americas, asia }, x => x.MergeAsync(day, CancellationToken.None));
        var mail = jobs.ContinueJobWith<Mailer>(merge, x => x.SendReportAsync(day, CancellationToken.None));

        await harness.WaitForStateAsync(mail, JobState.Succeeded);
        Assert.Equal(["merge", "mail"], Steps[day].ToArray()[3..]);
    }
}
