namespace Ember.Benchmarks.Measurement;

/// <summary>
/// Nearest-rank percentiles computed exactly as the Hangfire anchor does (sorted samples, index floor(q * n)), so the
/// two programs' p50 and p99 are the same statistic. With 50 samples p99 is the maximum.
/// </summary>
internal sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> samples)
    {
        _sorted = [.. samples.Order()];
        if (_sorted.Length == 0) throw new ArgumentException("No samples.", nameof(samples));
    }

    public int Count => _sorted.Length;

    public double Max => Math.Round(_sorted[^1], 1);

    public double At(double quantile) => Math.Round(_sorted[(int)Math.Min(_sorted.Length - 1, Math.Floor(quantile * _sorted.Length))], 1);
}
