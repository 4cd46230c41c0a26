namespace Ember;

/// <summary>The sync twins of <see cref="IBatchJobClient"/>'s methods, as Hangfire Pro's <c>BatchJob</c> has them.</summary>
public static class BatchJobClientExtensions
{
    /// <summary>Creates a batch (<see cref="IBatchJobClient.StartNewAsync"/>); returns its id.</summary>
    public static string StartNew(this IBatchJobClient client, Action<IBatchAction> createAction, string? description = null) =>
        Checked(client).StartNewAsync(createAction, description).GetAwaiter().GetResult();

    /// <summary>Creates a continuation batch (<see cref="IBatchJobClient.ContinueBatchWithAsync"/>); returns its id.</summary>
    public static string ContinueBatchWith(this IBatchJobClient client, string parentBatchId, Action<IBatchAction> createAction, string? description = null,
        BatchContinuationOptions options = BatchContinuationOptions.OnlyOnSucceededState) =>
        Checked(client).ContinueBatchWithAsync(parentBatchId, createAction, description, options).GetAwaiter().GetResult();

    /// <summary>Adds jobs to a batch that has not finished (<see cref="IBatchJobClient.AttachAsync"/>).</summary>
    public static void Attach(this IBatchJobClient client, string batchId, Action<IBatchAction> createAction) =>
        Checked(client).AttachAsync(batchId, createAction).GetAwaiter().GetResult();

    /// <summary>Cancels a batch (<see cref="IBatchJobClient.CancelAsync"/>).</summary>
    public static bool Cancel(this IBatchJobClient client, string batchId) => Checked(client).CancelAsync(batchId).GetAwaiter().GetResult();

    private static IBatchJobClient Checked(IBatchJobClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client;
    }
}
