using Microsoft.Extensions.DependencyInjection;

namespace Ember;

/// <summary>
/// A static facade over <see cref="Client"/>, as Hangfire Pro's <c>BatchJob</c>: it works from <c>builder.Build()</c>
/// on; prefer injecting <see cref="IBatchJobClient"/>.
/// </summary>
public static class BatchJob
{
    private static IBatchJobClient? _client;

    /// <summary>The client used by the static methods: the one set here, or else the application's (the last host built with <c>AddEmber</c>).</summary>
    /// <exception cref="InvalidOperationException">When no host with Ember has been built and none was set; the message says what to do.</exception>
    public static IBatchJobClient Client
    {
        get => _client ?? StaticFacadeServices.Current?.GetRequiredService<IBatchJobClient>()
            ?? throw new InvalidOperationException(StaticFacadeServices.Missing(nameof(BatchJob), nameof(Client), "new BatchJobClient(store)"));
        set => _client = value ?? throw new ArgumentNullException(nameof(value));
    }

    // A newly built host's services take over from a client set before.
    internal static void Reset() => _client = null;

    /// <summary>Creates a batch; returns its id.</summary>
    public static string StartNew(Action<IBatchAction> createAction, string? description = null) => Client.StartNew(createAction, description);

    /// <summary>Creates a batch; returns its id.</summary>
    public static Task<string> StartNewAsync(Action<IBatchAction> createAction, string? description = null, CancellationToken cancellationToken = default) =>
        Client.StartNewAsync(createAction, description, cancellationToken);

    /// <summary>Creates a batch whose jobs wait for batch <paramref name="parentBatchId"/> to finish; returns its id.</summary>
    public static string ContinueBatchWith(string parentBatchId, Action<IBatchAction> createAction, string? description = null,
        BatchContinuationOptions options = BatchContinuationOptions.OnlyOnSucceededState) =>
        Client.ContinueBatchWith(parentBatchId, createAction, description, options);

    /// <summary>Creates a batch whose jobs wait for batch <paramref name="parentBatchId"/> to finish; returns its id.</summary>
    public static Task<string> ContinueBatchWithAsync(string parentBatchId, Action<IBatchAction> createAction, string? description = null,
        BatchContinuationOptions options = BatchContinuationOptions.OnlyOnSucceededState, CancellationToken cancellationToken = default) =>
        Client.ContinueBatchWithAsync(parentBatchId, createAction, description, options, cancellationToken);

    /// <summary>Adds jobs to a batch that has not finished.</summary>
    public static void Attach(string batchId, Action<IBatchAction> createAction) => Client.Attach(batchId, createAction);

    /// <summary>Adds jobs to a batch that has not finished.</summary>
    public static Task AttachAsync(string batchId, Action<IBatchAction> createAction, CancellationToken cancellationToken = default) =>
        Client.AttachAsync(batchId, createAction, cancellationToken);

    /// <summary>Cancels a batch: deletes its unfinished jobs; it finishes Deleted.</summary>
    public static bool Cancel(string batchId) => Client.Cancel(batchId);

    /// <summary>Cancels a batch: deletes its unfinished jobs; it finishes Deleted.</summary>
    public static Task<bool> CancelAsync(string batchId, CancellationToken cancellationToken = default) => Client.CancelAsync(batchId, cancellationToken);
}
