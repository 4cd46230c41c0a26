namespace Ember.Benchmarks.Measurement;

internal static class Rate
{
    /// <summary>Items per second, rounded to a whole number as in the anchor's JSON.</summary>
    public static double PerSecond(long count, TimeSpan elapsed) =>
        elapsed > TimeSpan.Zero ? Math.Round(count / elapsed.TotalSeconds) : 0;
}
