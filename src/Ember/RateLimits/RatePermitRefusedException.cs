namespace Ember;

/// <summary>
/// Thrown on a run's doorstep when its rate permit ran out before it got there and a limit refused it another
/// (<see cref="RunPermits.ConfirmAsync"/>): the method doesn't start, and the run ends in <see cref="Change"/>
/// (Scheduled for when the limit allows it, spending no retry). Server filters that ran their OnPerforming see it in
/// OnPerformed; it can't be handled away.
/// </summary>
internal sealed class RatePermitRefusedException(Storage.StateChange change)
    : Exception($"The run's rate permit ran out before its method started, and another was refused: {change.Reason}")
{
    public Storage.StateChange Change { get; } = change;
}
