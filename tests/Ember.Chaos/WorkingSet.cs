using System.Globalization;

namespace Ember.Chaos;

/// <summary>A process's resident memory now and at its peak, from /proc (Linux), in MB.</summary>
public readonly record struct WorkingSet(double CurrentMb, double PeakMb)
{
    public static WorkingSet Of(int processId)
    {
        try
        {
            var lines = File.ReadAllLines($"/proc/{processId}/status");
            return new WorkingSet(Kilobytes(lines, "VmRSS:") / 1024, Kilobytes(lines, "VmHWM:") / 1024);
        }
        catch (IOException)
        {
            return new WorkingSet(double.NaN, double.NaN); // the process just exited
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{CurrentMb:0} MB (peak {PeakMb:0} MB)");

    private static double Kilobytes(string[] lines, string field) =>
        double.Parse(lines.First(l => l.StartsWith(field, StringComparison.Ordinal))[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
