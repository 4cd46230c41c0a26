using Ember;
using Ember.Storage;

namespace QuickStart;

/// <summary>Waits until the demo jobs, and one run of the recurring job, have succeeded: the self-check of ./test.sh.</summary>
public static class DemoWatcher
{
    public static async Task<bool> WaitForAllAsync(IServiceProvider services, IReadOnlyList<string> jobIds, string recurringJobId, TimeSpan timeout)
    {
        var queries = services.GetRequiredService<IJobStore>().Queries;
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var states = new List<JobState>();
            foreach (var id in jobIds) states.Add((await queries.GetJobAsync(id))?.Job.State ?? JobState.Deleted);
            var recurringRun = (await queries.GetRecurringJobAsync(recurringJobId))?.LastJobId is { } lastId ? (await queries.GetJobAsync(lastId))?.Job.State : null;
            if (states.All(s => s == JobState.Succeeded) && recurringRun == JobState.Succeeded)
            {
                Console.WriteLine($"Quick start done: {jobIds.Count} jobs and a recurring run Succeeded.");
                return true;
            }
            if (states.Any(s => s is JobState.Failed or JobState.Deleted))
            {
                Console.WriteLine($"Quick start failed: states {string.Join(", ", states)}.");
                return false;
            }
            await Task.Delay(100);
        }
        Console.WriteLine("Quick start timed out waiting for its jobs.");
        return false;
    }

    /// <summary>Asks the app's /health endpoint, as a load balancer would, and says what it answered.</summary>
    public static async Task<bool> IsHealthyAsync(string baseUrl)
    {
        using var http = new HttpClient();
        var answer = await http.GetStringAsync(baseUrl.TrimEnd('/') + "/health");
        Console.WriteLine($"Quick start health: {answer}.");
        return answer == "Healthy";
    }
}
