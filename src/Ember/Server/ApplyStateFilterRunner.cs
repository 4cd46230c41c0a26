using Ember.Storage;

namespace Ember.Server;

/// <summary>
/// Runs the apply-state filters of jobs whose outcome the store has taken: after the write, never for an outcome the
/// store refused (the run had lost its lease). A failing filter is logged; the outcome stands.
/// </summary>
internal sealed class ApplyStateFilterRunner(ServerContext server)
{
    public async Task RunAsync(RunningJob job, StateChange change)
    {
        if (job.Job is not { } loaded || job.Filters.Apply.Length == 0) return;
        try
        {
            var context = new ApplyStateContext(job.Fetched.Id, loaded, change);
            foreach (var filter in job.Filters.Apply) await filter.OnStateAppliedAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.ApplyStateFilterFailed(server.Logger, job.Fetched.Id, ex);
        }
    }
}
