namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobClientStore.ReserveIdsAsync"/>.</summary>
/// <param name="Count">How many ids to reserve: at least 1, at most <see cref="MaxCount"/>.</param>
public sealed record ReserveIdsRequest(int Count)
{
    /// <summary>The most ids one call reserves (65,536): a block a store draws in a few milliseconds.</summary>
    public const int MaxCount = 65_536;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <see cref="Count"/> is out of range.</summary>
    public void Validate()
    {
        if (Count is < 1 or > MaxCount)
            throw new ArgumentOutOfRangeException(nameof(Count), Count, $"Reserve between 1 and {MaxCount:N0} ids per call.");
    }
}
