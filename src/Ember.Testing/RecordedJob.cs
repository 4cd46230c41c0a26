using System.Text.Json;
using Ember.Invocations;
using Ember.Storage;

namespace Ember.Testing;

/// <summary>
/// A job the <see cref="TestBackgroundJobClient"/> holds, as it stood when read: what it calls, how it was created and
/// where it is now. A snapshot: read <see cref="TestBackgroundJobClient.Jobs"/> again after <c>RunPending</c>.
/// </summary>
public sealed class RecordedJob
{
    private readonly JsonSerializerOptions _serializerOptions;

    internal RecordedJob(JobDetails details, DateTimeOffset? scheduledAt, Job? job, Invocation invocation, JsonSerializerOptions serializerOptions)
    {
        var info = details.Job;
        Id = info.Id;
        Queue = info.Queue;
        State = info.State;
        CreatedAs = details.History.Count > 0 ? details.History[0].State : info.State;
        CreatedAt = info.CreatedAt;
        ScheduledAt = scheduledAt;
        DueAt = info.ScheduledAt;
        ParentId = info.ParentId;
        ContinuationOptions = info.ContinuationOptions;
        Attempt = info.Attempt;
        LastError = info.LastError;
        History = details.History;
        Job = job;
        Invocation = invocation;
        _serializerOptions = serializerOptions;
    }

    /// <summary>The job's id, as the enqueue returned it.</summary>
    public string Id { get; }

    /// <summary>The queue it runs on.</summary>
    public string Queue { get; }

    /// <summary>Its current state.</summary>
    public JobState State { get; }

    /// <summary>
    /// How it was created: <see cref="JobState.Enqueued"/> (<c>Enqueue</c>, a recurring job firing),
    /// <see cref="JobState.Scheduled"/> (<c>Schedule</c>) or <see cref="JobState.Awaiting"/> (<c>ContinueJobWith</c>).
    /// </summary>
    public JobState CreatedAs { get; }

    /// <summary>When it was created, by the client's clock.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>For a job created Scheduled: the time it was scheduled for, kept after it was enqueued or ran. Null otherwise.</summary>
    public DateTimeOffset? ScheduledAt { get; }

    // While Scheduled: when it becomes due (its creation time, or a retry's); for the messages.
    internal DateTimeOffset? DueAt { get; }

    /// <summary>For a continuation: the job it waits for (or waited for). Null otherwise.</summary>
    public string? ParentId { get; }

    /// <summary>For a continuation: whether it runs only when its parent succeeded, or whenever it finished.</summary>
    public JobContinuationOptions ContinuationOptions { get; }

    /// <summary>How many times it has been started (0 until it runs).</summary>
    public int Attempt { get; }

    /// <summary>The exception of its last failed run, if any.</summary>
    public JobError? LastError { get; }

    /// <summary>Every state it went through, oldest first, with times and reasons.</summary>
    public IReadOnlyList<StateHistoryEntry> History { get; }

    /// <summary>
    /// What it calls, read back from the store as a server reads it (type, method, argument values); null when that
    /// fails (see <see cref="Invocation"/> for the stored form).
    /// </summary>
    public Job? Job { get; }

    /// <summary>The stored call: type and method names, and the arguments as JSON.</summary>
    public Invocation Invocation { get; }

    /// <summary>Reads argument <paramref name="index"/> from its stored JSON as <typeparamref name="T"/>, with the application's serializer options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The method has no such argument.</exception>
    public T? GetArgument<T>(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Invocation.Arguments.Count);
        return Invocation.Arguments[index].Deserialize<T>(_serializerOptions);
    }

    /// <summary>The job as the assertion messages list it, e.g. <c>#3 Mailer.SendAsync(42, "a@b.c") queue: default, Scheduled for 2025-01-01 10:00:00Z</c>.</summary>
    public override string ToString() => JobText.Describe(this);
}
