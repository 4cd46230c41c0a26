using Ember.Storage;
using Microsoft.AspNetCore.Http;

namespace Ember.Dashboard.Actions;

/// <summary>Cancel a batch, and requeue its failed jobs, through the public clients.</summary>
internal sealed class BatchActions(IBatchJobClient batches, IBackgroundJobClient jobs, IJobQueries queries)
{
    public enum Kind { Cancel, RequeueFailed }

    public async Task<ActionNotice> RunAsync(Kind kind, IFormCollection form, CancellationToken cancellationToken)
    {
        var id = form["id"].ToString();
        if (string.IsNullOrWhiteSpace(id) || id.Any(char.IsControl) || await queries.GetBatchAsync(id, cancellationToken).ConfigureAwait(false) is null)
            return ActionNotice.Of(ActionProblem.NotFound);
        if (kind == Kind.Cancel)
            return await batches.CancelAsync(id, cancellationToken).ConfigureAwait(false)
                ? ActionNotice.Of(ActionDone.Cancelled, 1, 0)
                : ActionNotice.Of(ActionDone.Cancelled, 0, 1);
        // Requeued jobs leave Failed, so the first page is always the next one.
        var requeued = 0;
        while (await queries.GetBatchJobsAsync(new BatchJobsRequest(id, 1000) { State = JobState.Failed }, cancellationToken).ConfigureAwait(false) is { Count: > 0 } page)
        {
            var n = await jobs.RequeueManyAsync(page.Select(j => j.Id), cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            requeued += n;
        }
        return ActionNotice.Of(ActionDone.Requeued, requeued, 0);
    }
}
