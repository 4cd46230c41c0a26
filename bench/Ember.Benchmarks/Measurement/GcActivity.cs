namespace Ember.Benchmarks.Measurement;

/// <summary>Managed allocation and collections over a stretch of a run: the cost a job leaves behind in the GC.</summary>
internal readonly record struct GcActivity(long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static GcActivity Start() => Now();

    /// <summary>What happened since <see cref="Start"/>, with the allocation per job.</summary>
    public string Stop(int jobs)
    {
        var now = Now();
        var perJob = jobs > 0 ? (now.AllocatedBytes - AllocatedBytes) / jobs : 0;
        return $"GC while processing: {perJob:N0} bytes allocated per job; collections gen0 {now.Gen0 - Gen0}, gen1 {now.Gen1 - Gen1}, gen2 {now.Gen2 - Gen2}; paused {(now.Paused - Paused).TotalMilliseconds:N0} ms";
    }

    private static GcActivity Now() => new(GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
}
