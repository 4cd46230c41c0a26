using Ember.Storage;

namespace Ember;

/// <summary>
/// The ids a batch callback hands out as it adds jobs and nested batches, reserved from the store in growing blocks
/// (<see cref="IJobClientStore.ReserveIdsAsync"/>): a few round trips for a batch of any size (16, then 4 times more each time
/// up to 65,536: 100,000 jobs take 8). Ids left over when the batch is stored, or when its callback throws, are gaps.
/// </summary>
internal sealed class ReservedIds
{
    /// <summary>The first block: a batch's own id and its first jobs, reserved before the callback runs.</summary>
    internal const int FirstBlock = 16;

    private readonly IJobClientStore _store;
    private readonly CancellationToken _cancellationToken;
    private IReadOnlyList<string> _block = [];
    private int _next;
    private int _nextSize = FirstBlock;

    private ReservedIds(IJobClientStore store, CancellationToken cancellationToken)
    {
        _store = store;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Reserves the first block without blocking the caller; later ones are reserved as the callback needs them.</summary>
    public static async Task<ReservedIds> StartAsync(IJobClientStore store, CancellationToken cancellationToken)
    {
        var ids = new ReservedIds(store, cancellationToken);
        ids.Took(await store.ReserveIdsAsync(new ReserveIdsRequest(ids._nextSize), cancellationToken).ConfigureAwait(false));
        return ids;
    }

    /// <summary>
    /// The next id. When the block is used up, the next one is reserved synchronously: the callback that asks is itself
    /// synchronous (Hangfire Pro's shape, <c>string id = batch.Enqueue(...)</c>).
    /// </summary>
    public string Next()
    {
        if (_next == _block.Count)
            Took(_store.ReserveIdsAsync(new ReserveIdsRequest(_nextSize), _cancellationToken).ConfigureAwait(false).GetAwaiter().GetResult());
        return _block[_next++];
    }

    private void Took(IReadOnlyList<string> block)
    {
        if (block.Count == 0) throw new InvalidOperationException($"The store reserved no ids ({_store.GetType().Name}.ReserveIdsAsync returned none).");
        _block = block;
        _next = 0;
        _nextSize = Math.Min(_nextSize * 4, ReserveIdsRequest.MaxCount);
    }
}
