using Microsoft.AspNetCore.Http;

namespace Ember.Dashboard.Actions;

/// <summary>Trigger now and remove, through the public <see cref="IRecurringJobManager"/>.</summary>
internal sealed class RecurringActions(IRecurringJobManager manager)
{
    private const int MaxSelected = 1000;

    public enum Kind { Trigger, Remove }

    public async Task<ActionNotice> RunAsync(Kind kind, IFormCollection form, CancellationToken cancellationToken)
    {
        // A row's own button names one job ("one"); the toolbar's buttons send the checked ones ("id").
        var ids = (form["one"].Count > 0 ? form["one"] : form["id"])
            .Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0) return ActionNotice.Of(ActionProblem.Nothing);
        if (ids.Count > MaxSelected) return ActionNotice.Of(ActionProblem.TooMany);
        var done = 0;
        foreach (var id in ids)
        {
            try
            {
                var changed = kind == Kind.Trigger
                    ? await manager.TriggerAsync(id, cancellationToken).ConfigureAwait(false) is not null
                    : await manager.RemoveIfExistsAsync(id, cancellationToken).ConfigureAwait(false);
                if (changed) done++;
            }
            catch (ArgumentException)
            {
                // Not a valid recurring job id: no such job.
            }
        }
        if (ids.Count == 1 && done == 0) return ActionNotice.Of(ActionProblem.NotFound);
        return ActionNotice.Of(kind == Kind.Trigger ? ActionDone.Triggered : ActionDone.Removed, done, ids.Count - done);
    }
}
