using System.Diagnostics;
using Ember.Storage;

namespace Ember.HangfireCompat.Tests.Support;

public static class Eventually
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Polls the job's state through Hangfire's monitoring API until it is <paramref name="state"/>, or fails after a deadline.</summary>
    public static async Task StateAsync(string jobId, string state)
    {
        var clock = Stopwatch.StartNew();
        string? last = null;
        while (clock.Elapsed < Timeout)
        {
            last = JobStorage.Current.GetMonitoringApi().JobDetails(jobId)?.History.FirstOrDefault()?.StateName;
            if (last == state) return;
            await Task.Delay(20);
        }
        Assert.Fail($"Job {jobId} is {last ?? "missing"} after {Timeout.TotalSeconds} s, not {state}.");
    }

    /// <summary>Waits until a call was recorded, or fails after a deadline.</summary>
    public static async Task CalledAsync(string call)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Timeout)
        {
            if (App.Calls.Contains(call)) return;
            await Task.Delay(20);
        }
        Assert.Fail($"'{call}' was not called within {Timeout.TotalSeconds} s.");
    }
}
