using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ember.Dashboard.Actions;

/// <summary>
/// Runs actions on whole filtered lists in the background, off the request, so that requeueing 100,000 failed jobs
/// can't time out; the page that started one polls its progress. Operations live in this process only: a restart
/// stops one halfway (what it did stays done, and running it again does the rest).
/// </summary>
internal sealed class BulkOperations(TimeProvider time, ILogger logger, CancellationToken stopping)
{
    /// <summary>How long a finished operation's outcome stays readable.</summary>
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, BulkOperation> _operations = new(StringComparer.Ordinal);

    public BulkOperation? Find(string id) => _operations.GetValueOrDefault(id);

    /// <summary>Starts <paramref name="work"/> on the thread pool and returns its operation at once.</summary>
    public BulkOperation Start(string description, Func<BulkOperation, CancellationToken, Task> work)
    {
        Prune();
        var operation = new BulkOperation(Guid.NewGuid().ToString("N"), description);
        _operations[operation.Id] = operation;
        _ = Task.Run(async () =>
        {
            try
            {
                await work(operation, stopping).ConfigureAwait(false);
                operation.Finish(time.GetUtcNow());
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                operation.Finish(time.GetUtcNow(), "The application stopped before the operation finished.");
            }
#pragma warning disable CA1031 // Whatever went wrong is reported on the page that polls; nothing else awaits this task.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.BulkOperationFailed(logger, ex, description);
                operation.Finish(time.GetUtcNow(), ex.Message);
            }
        }, CancellationToken.None);
        return operation;
    }

    private void Prune()
    {
        var before = time.GetUtcNow() - Keep;
        foreach (var (id, operation) in _operations)
            if (operation.FinishedAt < before) _operations.TryRemove(id, out _);
    }
}
