using Ember.Storage;

namespace Ember;

/// <summary>
/// Takes a server's rate permits in batches: a run that needs permits while no call is in flight goes to the store at
/// once (a lone job waits for nothing); runs that need them while a call is in flight go together in the next call.
/// So a busy server takes the permits of many runs per round trip (and, on SQLite, per write transaction), the way
/// completions are written.
/// </summary>
internal sealed class RatePermitBatcher(IJobStore store)
{
    /// <summary>The most runs one store call decides: a transaction short enough not to hold other writers up.</summary>
    public const int MaxBatch = 500;

    private readonly Lock _lock = new();
    private List<(RatePermitRequest Run, TaskCompletionSource<RatePermitResult> Result)> _pending = [];
    private bool _calling;

    /// <summary>The store's answer for <paramref name="run"/>; the store's exception when the call failed.</summary>
    public Task<RatePermitResult> TakeAsync(RatePermitRequest run)
    {
        var result = new TaskCompletionSource<RatePermitResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool call;
        lock (_lock)
        {
            _pending.Add((run, result));
            call = !_calling;
            _calling = true;
        }
        if (call) _ = CallWhilePendingAsync();
        return result.Task;
    }

    private async Task CallWhilePendingAsync()
    {
        while (true)
        {
            List<(RatePermitRequest Run, TaskCompletionSource<RatePermitResult> Result)> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _calling = false;
                    return;
                }
                if (_pending.Count <= MaxBatch)
                {
                    batch = _pending;
                    _pending = [];
                }
                else
                {
                    batch = _pending[..MaxBatch];
                    _pending.RemoveRange(0, MaxBatch);
                }
            }
            try
            {
                var results = await store.TakeRatePermitsAsync(new TakeRatePermitsRequest([.. batch.Select(b => b.Run)])).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(results[i]);
            }
            catch (Exception ex)
            {
                foreach (var (_, result) in batch) result.TrySetException(ex);
            }
        }
    }
}
