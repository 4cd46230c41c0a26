using Ember.Benchmarks.Measurement;

namespace Ember.Benchmarks.Modes;

/// <summary>The two ways an application enqueues: one call per job, and many jobs in one call.</summary>
internal static class Enqueuing
{
    /// <summary>Jobs per <see cref="IBackgroundJobClient.CreateAsync"/> call in the bulk measurement.</summary>
    public const int BulkBatch = 1000;

    /// <summary>One EnqueueAsync per job, as request code does; each call builds and serializes its expression.</summary>
    /// <param name="options">With <see cref="BenchOptions.RateKeys"/>, each job carries a rate limit that never binds.</param>
    public static async Task OneByOneAsync(IBackgroundJobClient client, int count, string label, BenchOptions? options = null)
    {
        using var bar = new ProgressBar(label, count);
        var rateKeys = options?.RateKeys ?? 0;
        for (var i = 0; i < count; i++)
        {
            if (rateKeys > 0) await client.EnqueueAsync(() => BenchJobs.Noop(), new EnqueueOptions { RateLimits = [RateLimit(i, options!)] });
            else await client.EnqueueAsync(() => BenchJobs.Noop());
            bar.Report(i + 1);
        }
    }

    /// <summary>Job <paramref name="index"/>'s limit: key index mod RateKeys, more starts per second than any run reaches.</summary>
    public static RateLimitOptions RateLimit(int index, BenchOptions options) =>
        new($"bench:{index % options.RateKeys}", RateLimitOptions.MaxSlidingWindowLimit, TimeSpan.FromSeconds(1)) { Algorithm = options.RateAlgorithm };

    /// <summary>CreateAsync with <see cref="BulkBatch"/> jobs per call: one store round trip per batch.</summary>
    public static async Task BulkAsync(IBackgroundJobClient client, int count, string label, BenchOptions? options = null)
    {
        var rateKeys = options?.RateKeys ?? 0;
        using var bar = new ProgressBar(label, count);
        for (var done = 0; done < count;)
        {
            var batch = new CreateJobRequest[Math.Min(BulkBatch, count - done)];
            for (var i = 0; i < batch.Length; i++)
                batch[i] = new CreateJobRequest { Job = Job.FromExpression(() => BenchJobs.Noop()), RateLimits = rateKeys > 0 ? [RateLimit(done + i, options!)] : null };
            await client.CreateAsync(batch);
            done += batch.Length;
            bar.Report(done);
        }
    }
}
