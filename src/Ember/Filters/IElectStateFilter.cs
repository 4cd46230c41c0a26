namespace Ember;

/// <summary>Chooses the state a job moves to: at creation and after each run (after the retry policy).</summary>
public interface IElectStateFilter : IJobFilter
{
    /// <summary>May replace <see cref="ElectStateContext.CandidateState"/>. Throwing fails the job with that exception.</summary>
    ValueTask OnStateElectionAsync(ElectStateContext context);
}
