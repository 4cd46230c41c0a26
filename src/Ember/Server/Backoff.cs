namespace Ember.Server;

// How long to wait after the n-th consecutive failure of a store call: 0.5 s doubling to 10 s, with jitter so that
// servers which lost the database together don't come back in lockstep.
internal static class Backoff
{
    public static TimeSpan After(int failures)
    {
        var seconds = Math.Min(0.5 * Math.Pow(2, Math.Min(failures, 10) - 1), 10);
        return TimeSpan.FromSeconds(seconds * (0.8 + Random.Shared.NextDouble() * 0.4));
    }
}
