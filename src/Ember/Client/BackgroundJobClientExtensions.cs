using Ember.States;

namespace Ember;

/// <summary>
/// The everyday client methods, with Hangfire's names and shapes (<c>Enqueue</c>, <c>Schedule</c>, <c>ContinueJobWith</c>,
/// <c>Create</c>, each with an optional queue and an async twin) generated in BackgroundJobClientExtensions.Generated.cs
/// from scripts/generate-overloads.py. Each async method is one store round trip; each sync one waits for its async
/// twin, so prefer the async ones in ASP.NET Core request code.
/// </summary>
public static partial class BackgroundJobClientExtensions
{
    /// <summary>Creates <paramref name="job"/> in <paramref name="state"/> (Enqueued, Scheduled or Awaiting); returns its id.</summary>
    public static string Create(this IBackgroundJobClient client, Job job, IState state) =>
        CreateAsync(client, job, null, state, default).GetAwaiter().GetResult();

    /// <summary>Creates <paramref name="job"/> in <paramref name="state"/> (Enqueued, Scheduled or Awaiting); returns its id.</summary>
    public static Task<string> CreateAsync(this IBackgroundJobClient client, Job job, IState state, CancellationToken cancellationToken = default) =>
        CreateAsync(client, job, null, state, cancellationToken);

    /// <summary>Moves a job to <paramref name="state"/> from any state that move is allowed from; see <see cref="IBackgroundJobClient.ChangeStateAsync"/>.</summary>
    public static bool ChangeState(this IBackgroundJobClient client, string jobId, IState state, string? expectedState = null) =>
        Checked(client).ChangeStateAsync(jobId, state, expectedState).GetAwaiter().GetResult();

    /// <summary>Requeues a job; see <see cref="IBackgroundJobClient.RequeueAsync"/>.</summary>
    public static bool Requeue(this IBackgroundJobClient client, string jobId) =>
        Checked(client).RequeueAsync(jobId).GetAwaiter().GetResult();

    /// <summary>Requeues a job if it is in <paramref name="fromState"/> (e.g. <c>FailedState.StateName</c>; null for any).</summary>
    public static bool Requeue(this IBackgroundJobClient client, string jobId, string? fromState) =>
        Checked(client).ChangeStateAsync(jobId, new EnqueuedState(), fromState).GetAwaiter().GetResult();

    /// <summary>Requeues a job if it is in <paramref name="fromState"/> (null for any).</summary>
    public static Task<bool> RequeueAsync(this IBackgroundJobClient client, string jobId, string? fromState, CancellationToken cancellationToken = default) =>
        Checked(client).ChangeStateAsync(jobId, new EnqueuedState(), fromState, cancellationToken);

    /// <summary>Deletes a job; see <see cref="IBackgroundJobClient.DeleteAsync"/>.</summary>
    public static bool Delete(this IBackgroundJobClient client, string jobId) =>
        Checked(client).DeleteAsync(jobId).GetAwaiter().GetResult();

    /// <summary>Deletes a job if it is in <paramref name="fromState"/> (e.g. <c>ScheduledState.StateName</c>; null for any).</summary>
    public static bool Delete(this IBackgroundJobClient client, string jobId, string? fromState) =>
        Checked(client).ChangeStateAsync(jobId, new DeletedState(), fromState).GetAwaiter().GetResult();

    /// <summary>Deletes a job if it is in <paramref name="fromState"/> (null for any).</summary>
    public static Task<bool> DeleteAsync(this IBackgroundJobClient client, string jobId, string? fromState, CancellationToken cancellationToken = default) =>
        Checked(client).ChangeStateAsync(jobId, new DeletedState(), fromState, cancellationToken);

    /// <summary>Requeues many jobs, a batch per store round trip; see <see cref="IBackgroundJobClient.RequeueManyAsync"/>. Returns how many were requeued.</summary>
    public static int RequeueMany(this IBackgroundJobClient client, IEnumerable<string> jobIds) =>
        Checked(client).RequeueManyAsync(jobIds).GetAwaiter().GetResult();

    /// <summary>Deletes many jobs, a batch per store round trip; see <see cref="IBackgroundJobClient.DeleteManyAsync"/>. Returns how many were deleted.</summary>
    public static int DeleteMany(this IBackgroundJobClient client, IEnumerable<string> jobIds) =>
        Checked(client).DeleteManyAsync(jobIds).GetAwaiter().GetResult();

    /// <summary>Gives a job a new due time <paramref name="delay"/> from now, if it is in <paramref name="fromState"/> (null for any but Awaiting).</summary>
    public static bool Reschedule(this IBackgroundJobClient client, string jobId, TimeSpan delay, string? fromState = null) =>
        Checked(client).ChangeStateAsync(jobId, new ScheduledState(delay), fromState).GetAwaiter().GetResult();

    /// <summary>Gives a job the due time <paramref name="enqueueAt"/>, if it is in <paramref name="fromState"/> (null for any but Awaiting).</summary>
    public static bool Reschedule(this IBackgroundJobClient client, string jobId, DateTimeOffset enqueueAt, string? fromState = null) =>
        Checked(client).ChangeStateAsync(jobId, new ScheduledState(enqueueAt), fromState).GetAwaiter().GetResult();

    /// <summary>Gives a job a new due time <paramref name="delay"/> from now, if it is in <paramref name="fromState"/> (null for any but Awaiting).</summary>
    public static Task<bool> RescheduleAsync(this IBackgroundJobClient client, string jobId, TimeSpan delay, string? fromState = null, CancellationToken cancellationToken = default) =>
        Checked(client).ChangeStateAsync(jobId, new ScheduledState(delay), fromState, cancellationToken);

    /// <summary>Gives a job the due time <paramref name="enqueueAt"/>, if it is in <paramref name="fromState"/> (null for any but Awaiting).</summary>
    public static Task<bool> RescheduleAsync(this IBackgroundJobClient client, string jobId, DateTimeOffset enqueueAt, string? fromState = null, CancellationToken cancellationToken = default) =>
        Checked(client).ChangeStateAsync(jobId, new ScheduledState(enqueueAt), fromState, cancellationToken);

    private static async Task<string> CreateAsync(IBackgroundJobClient client, Job job, string? queue, DateTimeOffset? enqueueAt, TimeSpan? delay, CancellationToken cancellationToken)
    {
        ScheduleDelay.ThrowIfNegative(delay, nameof(delay));
        var ids = await Checked(client).CreateAsync([new CreateJobRequest { Job = job, Queue = queue, EnqueueAt = enqueueAt, Delay = delay }], cancellationToken).ConfigureAwait(false);
        return ids[0];
    }

    private static async Task<string> CreateAsync(IBackgroundJobClient client, Job job, string? queue, IState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var ids = await Checked(client).CreateAsync([ClientStates.ToRequest(job, queue, state)], cancellationToken).ConfigureAwait(false);
        return ids[0];
    }

    private static async Task<string> ContinueAsync(IBackgroundJobClient client, string parentId, Job job, string? queue, JobContinuationOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(parentId);
        var ids = await Checked(client).CreateAsync([new CreateJobRequest { Job = job, Queue = queue, ParentId = parentId, ContinuationOptions = options }], cancellationToken).ConfigureAwait(false);
        return ids[0];
    }

    private static async Task<string> ContinueAsync(IBackgroundJobClient client, IEnumerable<string> parentIds, Job job, string? queue, JobContinuationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parentIds);
        var parents = parentIds.ToArray();
        var ids = await Checked(client).CreateAsync([new CreateJobRequest { Job = job, Queue = queue, ParentIds = parents, ContinuationOptions = options }], cancellationToken).ConfigureAwait(false);
        return ids[0];
    }

    private static IBackgroundJobClient Checked(IBackgroundJobClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client;
    }
}
