using Ember.Storage;
using Microsoft.AspNetCore.Http;

namespace Ember.Dashboard.Actions;

/// <summary>Sets or removes the run-time limit of a concurrency key (<see cref="IJobStore.SetConcurrencyLimitAsync"/>).</summary>
internal sealed class ConcurrencyActions(IJobStore store)
{
    public enum Kind { Set, Remove }

    public async Task<ActionNotice> RunAsync(Kind kind, IFormCollection form, CancellationToken cancellationToken)
    {
        var key = form["key"].ToString().Trim();
        int? limit = null;
        if (kind == Kind.Set)
        {
            if (!int.TryParse(form["limit"].ToString().Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n))
                return ActionNotice.Of(ActionProblem.BadLimit);
            limit = n;
        }
        try
        {
            await store.SetConcurrencyLimitAsync(new SetConcurrencyLimitRequest(key, limit), cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException)
        {
            return ActionNotice.Of(ActionProblem.BadLimit);
        }
        return ActionNotice.Of(kind == Kind.Set ? ActionDone.LimitSet : ActionDone.LimitRemoved, 1, 0);
    }
}
