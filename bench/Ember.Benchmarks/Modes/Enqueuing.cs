using Ember.Benchmarks.Measurement;

namespace Ember.Benchmarks.Modes;

/// <summary>The two ways an application enqueues: one call per job, and many jobs in one call.</summary>
internal static class Enqueuing
{
    /// <summary>Jobs per <see cref="IBackgroundJobClient.CreateAsync"/> call in the bulk measurement.</summary>
    public const int BulkBatch = 1000;

    /// <summary>One EnqueueAsync per job, as request code does; each call builds and serializes its expression.</summary>
    public static async Task OneByOneAsync(IBackgroundJobClient client, int count, string label)
    {
        using var bar = new ProgressBar(label, count);
        for (var i = 0; i < count; i++)
        {
            await client.EnqueueAsync(() => BenchJobs.Noop());
            bar.Report(i + 1);
        }
    }

    /// <summary>CreateAsync with <see cref="BulkBatch"/> jobs per call: one store round trip per batch.</summary>
    public static async Task BulkAsync(IBackgroundJobClient client, int count, string label)
    {
        using var bar = new ProgressBar(label, count);
        for (var done = 0; done < count;)
        {
            var batch = new CreateJobRequest[Math.Min(BulkBatch, count - done)];
            for (var i = 0; i < batch.Length; i++) batch[i] = new CreateJobRequest { Job = Job.FromExpression(() => BenchJobs.Noop()) };
            await client.CreateAsync(batch);
            done += batch.Length;
            bar.Report(done);
        }
    }
}
