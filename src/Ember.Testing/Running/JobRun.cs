using Ember.Storage;

namespace Ember.Testing;

/// <summary>One run of a job by <c>RunPending</c>: which job, and how it ended.</summary>
public sealed class JobRun
{
    internal JobRun(string jobId, string queue, int attempt, Job? job, string call, StateChange outcome, Exception? exception)
    {
        JobId = jobId;
        Queue = queue;
        Attempt = attempt;
        Job = job;
        Call = call;
        Outcome = outcome.State;
        Reason = outcome.Reason;
        Error = outcome.Error;
        Exception = exception;
        Duration = outcome.Duration ?? TimeSpan.Zero;
    }

    /// <summary>The job's id.</summary>
    public string JobId { get; }

    /// <summary>The queue it was taken from.</summary>
    public string Queue { get; }

    /// <summary>Which run of the job this was: 1 for the first, 2 for the first retry, and so on.</summary>
    public int Attempt { get; }

    /// <summary>What it called; null when the stored job could not be loaded (then <see cref="Exception"/> says why).</summary>
    public Job? Job { get; }

    /// <summary>The call with its JSON arguments, e.g. <c>Mailer.SendAsync(42)</c>.</summary>
    public string Call { get; }

    /// <summary>
    /// The state the run moved the job to: <see cref="JobState.Succeeded"/>; <see cref="JobState.Scheduled"/> for a
    /// retry; <see cref="JobState.Failed"/> or <see cref="JobState.Deleted"/> when out of retries; or what a filter chose.
    /// </summary>
    public JobState Outcome { get; }

    /// <summary>The reason stored with the outcome, e.g. "Retry 1 of 10 in 17 s after ...".</summary>
    public string? Reason { get; }

    /// <summary>The stored error of a failed run; null when it succeeded.</summary>
    public JobError? Error { get; }

    /// <summary>
    /// Why the run failed: the exception the job (or one of its filters) threw, as thrown; a
    /// <see cref="JobLoadException"/> when the stored job could not be loaded. Null when it succeeded.
    /// </summary>
    public Exception? Exception { get; }

    /// <summary>Whether the run failed (whatever followed: a retry, Failed or Deleted).</summary>
    public bool Failed => Error is not null;

    /// <summary>How long the run took.</summary>
    public TimeSpan Duration { get; }

    /// <summary>One line, e.g. <c>#1 Mailer.SendAsync(42) -> Succeeded</c>.</summary>
    public override string ToString() =>
        $"#{JobId} {Call} -> {Outcome}" + (Error is { } error ? $" after {error.Type}: {error.Message}" : "");
}
