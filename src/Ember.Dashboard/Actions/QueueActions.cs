using Ember.Storage;
using Microsoft.AspNetCore.Http;

namespace Ember.Dashboard.Actions;

/// <summary>Pause and resume a queue, through <see cref="QueuePauseExtensions"/>.</summary>
internal sealed class QueueActions(IJobStore store)
{
    public enum Kind { Pause, Resume }

    public async Task<ActionNotice> RunAsync(Kind kind, IFormCollection form, CancellationToken cancellationToken)
    {
        var queue = form["queue"].ToString();
        try
        {
            // Already paused (or running) counts as done: the queue is as asked.
            if (kind == Kind.Pause) await store.PauseQueueAsync(queue, cancellationToken).ConfigureAwait(false);
            else await store.ResumeQueueAsync(queue, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            return ActionNotice.Of(ActionProblem.Invalid); // no page posts an invalid name: a forged or stale form
        }
        return ActionNotice.Of(kind == Kind.Pause ? ActionDone.QueuePaused : ActionDone.QueueResumed, 1, 0);
    }
}
