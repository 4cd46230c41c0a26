namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobQueries.GetRateLimitsAsync"/>.</summary>
/// <param name="Count">The most keys returned, from 1 to <see cref="MaxCount"/>.</param>
public sealed record RateLimitListRequest(int Count = RateLimitListRequest.DefaultCount)
{
    /// <summary>The default of <see cref="Count"/>.</summary>
    public const int DefaultCount = 500;

    /// <summary>The highest <see cref="Count"/> accepted.</summary>
    public const int MaxCount = 10_000;

    /// <summary>How many keys (in the list's order) to pass over before the first returned: a page's start. Default 0.</summary>
    public int Offset { get; init; }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when <see cref="Count"/> or <see cref="Offset"/> is out of range.</summary>
    public void Validate()
    {
        if (Count < 1 || Count > MaxCount)
            throw new ArgumentOutOfRangeException(nameof(Count), Count, $"A rate limit list takes 1 to {MaxCount:N0} keys.");
        if (Offset < 0)
            throw new ArgumentOutOfRangeException(nameof(Offset), Offset, "A rate limit list's offset is 0 or more.");
    }
}
