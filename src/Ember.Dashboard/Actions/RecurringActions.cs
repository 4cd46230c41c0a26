using Microsoft.AspNetCore.Http;

namespace Ember.Dashboard.Actions;

/// <summary>Trigger now, remove, pause and resume, through the public <see cref="IRecurringJobManager"/>.</summary>
internal sealed class RecurringActions(IRecurringJobManager manager)
{
    private const int MaxSelected = 1000;

    public enum Kind { Trigger, Remove, Pause, Resume }

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
            // Ids stored before control characters were refused may hold a newline, which the browser posts back as
            // CRLF: the id as stored is tried too, so such a job can still be triggered or removed from here.
            if (await ApplyAsync(kind, id, cancellationToken).ConfigureAwait(false)
                || (id.Contains("\r\n", StringComparison.Ordinal) && await ApplyAsync(kind, id.Replace("\r\n", "\n", StringComparison.Ordinal), cancellationToken).ConfigureAwait(false)))
                done++;
        }
        if (ids.Count == 1 && done == 0) return ActionNotice.Of(ActionProblem.NotFound);
        var what = kind switch { Kind.Trigger => ActionDone.Triggered, Kind.Remove => ActionDone.Removed, Kind.Pause => ActionDone.Paused, _ => ActionDone.Resumed };
        return ActionNotice.Of(what, done, ids.Count - done);
    }

    private async Task<bool> ApplyAsync(Kind kind, string id, CancellationToken cancellationToken)
    {
        // No page posts a NUL (pages show it as U+FFFD) and PostgreSQL refuses one: such an id names no job. Tabs and
        // line breaks may be in ids stored before they were refused.
        if (id.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'))) return false;
        try
        {
            return kind switch
            {
                Kind.Trigger => await manager.TriggerAsync(id, cancellationToken).ConfigureAwait(false) is not null,
                Kind.Remove => await manager.RemoveIfExistsAsync(id, cancellationToken).ConfigureAwait(false),
                Kind.Pause => await manager.PauseAsync(id, cancellationToken).ConfigureAwait(false),
                _ => await manager.ResumeAsync(id, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (ArgumentException)
        {
            return false; // not a valid recurring job id: no such job
        }
    }
}
