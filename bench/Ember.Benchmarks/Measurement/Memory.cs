using System.Diagnostics;

namespace Ember.Benchmarks.Measurement;

/// <summary>Working set figures of this process, in MB (the kernel's VmRSS and VmHWM on Linux).</summary>
internal static class Memory
{
    public static double PeakWorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return Mb(process.PeakWorkingSet64);
    }

    public static double WorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return Mb(process.WorkingSet64);
    }

    private static double Mb(long bytes) => Math.Round(bytes / (1024.0 * 1024.0), 1);
}
