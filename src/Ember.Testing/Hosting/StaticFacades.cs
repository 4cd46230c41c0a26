namespace Ember.Testing;

/// <summary>
/// Points the static facades (<see cref="BackgroundJob"/>, <see cref="RecurringJob"/>) at the client whose scope the
/// calling code runs in. The facades hold one client for the whole process, so two tests running in parallel would
/// overwrite each other's; this one stands in for all of them and forwards each call to the client of the caller's
/// async flow (an <see cref="AsyncLocal{T}"/>), so parallel tests each see their own.
/// </summary>
internal sealed class StaticFacades : IBackgroundJobClient, IRecurringJobManager
{
    private static readonly StaticFacades Instance = new();
    private static readonly AsyncLocal<TestBackgroundJobClient?> CurrentClient = new();

    private StaticFacades()
    {
    }

    public static IDisposable Use(TestBackgroundJobClient client)
    {
        BackgroundJob.Client = Instance;
        RecurringJob.Manager = Instance;
        var previous = CurrentClient.Value;
        CurrentClient.Value = client;
        return new Scope(previous);
    }

    private static TestBackgroundJobClient Current => CurrentClient.Value ?? throw new InvalidOperationException(
        "BackgroundJob or RecurringJob was called outside any TestBackgroundJobClient.UseForStaticFacades() scope. Call `using var _ = jobs.UseForStaticFacades();` in the test method or the test class's constructor: the scope follows the async flow it is made in, so one made in an async set-up method ends when that method returns.");

    public Task<IReadOnlyList<string>> CreateAsync(IReadOnlyList<CreateJobRequest> jobs, CancellationToken cancellationToken = default) => Current.CreateAsync(jobs, cancellationToken);

    public Task<bool> RequeueAsync(string jobId, CancellationToken cancellationToken = default) => Current.RequeueAsync(jobId, cancellationToken);

    public Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default) => Current.DeleteAsync(jobId, cancellationToken);

    public Task<bool> ChangeStateAsync(string jobId, States.IState state, string? expectedState = null, CancellationToken cancellationToken = default) =>
        Current.ChangeStateAsync(jobId, state, expectedState, cancellationToken);

    public Task AddOrUpdateAsync(string recurringJobId, Job job, string cronExpression, RecurringJobOptions? options = null, string? queue = null, CancellationToken cancellationToken = default) =>
        Current.AddOrUpdateAsync(recurringJobId, job, cronExpression, options, queue, cancellationToken);

    public Task<string?> TriggerAsync(string recurringJobId, CancellationToken cancellationToken = default) => Current.TriggerAsync(recurringJobId, cancellationToken);

    public Task<bool> RemoveIfExistsAsync(string recurringJobId, CancellationToken cancellationToken = default) => Current.RemoveIfExistsAsync(recurringJobId, cancellationToken);
    public Task<bool> PauseAsync(string recurringJobId, CancellationToken cancellationToken = default) => Current.PauseAsync(recurringJobId, cancellationToken);
    public Task<bool> ResumeAsync(string recurringJobId, CancellationToken cancellationToken = default) => Current.ResumeAsync(recurringJobId, cancellationToken);

    private sealed class Scope(TestBackgroundJobClient? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            CurrentClient.Value = previous;
        }
    }
}
