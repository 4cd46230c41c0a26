namespace Ember.TestServer;

/// <summary>
/// The system clock, whose wall time jumps by <see cref="Jump"/> once <see cref="After"/> has passed since start: a
/// server whose clock is reset by NTP or an operator. Timestamps (elapsed time) stay monotonic, as on a real machine.
/// </summary>
public sealed class JumpingClock(TimeSpan jump, TimeSpan after) : TimeProvider
{
    private readonly long _start = System.GetTimestamp();

    public TimeSpan Jump { get; } = jump;

    public TimeSpan After { get; } = after;

    public override DateTimeOffset GetUtcNow() =>
        System.GetElapsedTime(_start) >= After ? System.GetUtcNow() + Jump : System.GetUtcNow();
}
