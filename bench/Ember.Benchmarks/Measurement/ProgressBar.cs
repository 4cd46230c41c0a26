using System.Diagnostics;

namespace Ember.Benchmarks.Measurement;

/// <summary>
/// A one-line progress bar on stderr, drawn only when stderr is a terminal: stdout carries nothing but the JSON result,
/// and a redirected stderr (compare.sh, CI logs) stays free of carriage-return noise.
/// </summary>
internal sealed class ProgressBar : IDisposable
{
    private static readonly bool Enabled = !Console.IsErrorRedirected;
    private readonly string _label;
    private readonly long _total;
    private long _lastDrawn = long.MinValue;
    private bool _drawn;

    public ProgressBar(string label, long total)
    {
        _label = label;
        _total = Math.Max(1, total);
    }

    /// <summary>Redraws at most ten times a second, so that reporting from a hot loop costs next to nothing.</summary>
    public void Report(long done)
    {
        if (!Enabled) return;
        var now = Stopwatch.GetTimestamp();
        if (done < _total && Stopwatch.GetElapsedTime(_lastDrawn, now) < TimeSpan.FromMilliseconds(100)) return;
        _lastDrawn = now;
        _drawn = true;
        const int width = 30;
        var fraction = Math.Clamp((double)done / _total, 0, 1);
        var filled = (int)(fraction * width);
        Console.Error.Write($"\r{_label,-22} [{new string('#', filled)}{new string('.', width - filled)}] {done,9:N0}/{_total:N0}");
    }

    /// <summary>Shows <paramref name="count"/> while <paramref name="work"/> runs, for work that can't report itself.</summary>
    public static async Task Watch(string label, long total, Func<long> count, Task work)
    {
        using var bar = new ProgressBar(label, total);
        while (!work.IsCompleted)
        {
            bar.Report(count());
            await Task.WhenAny(work, Task.Delay(100));
        }
        bar.Report(count());
    }

    public void Dispose()
    {
        if (_drawn) Console.Error.WriteLine();
    }
}
