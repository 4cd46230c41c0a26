namespace Ember.Chaos;

/// <summary>
/// How big and how long the scenarios are. Short (Quick) runs in CI (./test.sh) in a few minutes for all scenarios; medium
/// is the sizes (10,000 jobs, 100 recurring jobs for a minute); long (Endurance) repeats medium rounds for 30 minutes.
/// </summary>
public sealed record Profile(
    string Name,
    int Jobs,
    int JobMilliseconds,
    int Kills,
    TimeSpan KillEvery,
    int RecurringJobs,
    TimeSpan RecurringFor,
    int ChainDepth,
    int FanOut,
    TimeSpan LockFor,
    int SoakJobs,
    TimeSpan SoakExpiry,
    int AllocateMegabytes,
    TimeSpan Duration)
{
    public static readonly Profile Quick = new("short", 1500, 30, 3, TimeSpan.FromSeconds(2), 30, TimeSpan.FromSeconds(12), 50, 1000,
        TimeSpan.FromSeconds(4), 5_000, TimeSpan.FromSeconds(5), 100, TimeSpan.Zero);

    public static readonly Profile Medium = new("medium", 10_000, 30, 10, TimeSpan.FromSeconds(3), 100, TimeSpan.FromMinutes(1), 50, 1000,
        TimeSpan.FromSeconds(40), 200_000, TimeSpan.FromSeconds(30), 200, TimeSpan.Zero);

    // Rounds of medium scenarios until 30 minutes have passed.
    public static readonly Profile Endurance = Medium with { Name = "long", Duration = TimeSpan.FromMinutes(30) };

    /// <summary>How long after the last fault every job must have settled: leases (2 s) and rescue (0.5 s) with room to spare.</summary>
    public static readonly TimeSpan SettleWindow = TimeSpan.FromSeconds(60);

    public static Profile Named(string name) => name switch
    {
        "short" => Quick,
        "medium" => Medium,
        "long" => Endurance,
        _ => throw new ArgumentException($"Unknown profile {name}; known: short, medium, long."),
    };
}
