using System.Diagnostics;

namespace Ember.Benchmarks.Measurement;

/// <summary>
/// CPU used over a stretch of a run by this process and by the rest of the machine (the database, when it runs here):
/// which side a faster run must save on. The machine's share comes from /proc/stat, so it is Linux only.
/// </summary>
internal readonly record struct CpuShare(TimeSpan ProcessBusy, TimeSpan? Machine, long StartedAt)
{
    public static CpuShare Start() => new(Process.GetCurrentProcess().TotalProcessorTime, MachineBusy(), Stopwatch.GetTimestamp());

    /// <summary>What was used since <see cref="Start"/>, per job, in microseconds of CPU.</summary>
    public string Stop(int jobs)
    {
        var wall = Stopwatch.GetElapsedTime(StartedAt);
        var process = Process.GetCurrentProcess().TotalProcessorTime - ProcessBusy;
        var perJob = (TimeSpan cpu) => jobs > 0 ? cpu.TotalMicroseconds / jobs : 0;
        var text = $"CPU while processing ({Environment.ProcessorCount} cores, {wall.TotalSeconds:N1} s): this process {process.TotalSeconds:N1} s ({perJob(process):N0} µs per job)";
        if (Machine is { } before && MachineBusy() is { } after)
        {
            var rest = after - before - process;
            text += $", the rest of the machine {rest.TotalSeconds:N1} s ({perJob(rest):N0} µs per job)";
        }
        return text;
    }

    // Busy time of all cores since boot: the /proc/stat "cpu" line less idle and iowait, in clock ticks (USER_HZ, 100).
    private static TimeSpan? MachineBusy()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
            var busy = fields.Sum() - fields[3] - fields[4];
            return TimeSpan.FromMilliseconds(busy * 10);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
