using System.Globalization;
using Ember.Dashboard.Rendering;
using Ember.Dashboard.Security;
using Ember.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ember.Dashboard.Actions;

/// <summary>
/// Requeue and delete, through the public client (so they follow the same transition rules, and a deleted running
/// job's token fires): on the jobs a form names, done in the request, or on every job of a filtered list, done in the
/// background in batches.
/// </summary>
internal sealed class JobActions(IJobQueries queries, IBackgroundJobClient client, BulkOperations operations, DashboardOptions options, ILogger logger)
{
    /// <summary>The most ids one form may name: a page holds at most 500.</summary>
    private const int MaxSelected = 1000;

    public enum Kind { Requeue, Delete }

    /// <summary>Runs the action the form asks for and returns the notice to show.</summary>
    public async Task<ActionNotice> RunAsync(Kind kind, IFormCollection form, HttpContext context)
    {
        if (form["scope"] == "all") return StartAll(kind, form, context);
        var ids = form["id"].Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!.Trim()).Distinct(StringComparer.Ordinal).Take(MaxSelected + 1).ToList();
        if (ids.Count == 0) return ActionNotice.Of(ActionProblem.Nothing);
        if (ids.Count > MaxSelected) return ActionNotice.Of(ActionProblem.TooMany);
        // One store call for the selection; an id with a control character names no job, so it isn't sent.
        var valid = ids.Where(id => !DashboardInput.HasControl(id)).ToArray();
        var done = kind == Kind.Requeue
            ? await client.RequeueManyAsync(valid, context.RequestAborted).ConfigureAwait(false)
            : await client.DeleteManyAsync(valid, context.RequestAborted).ConfigureAwait(false);
        // One job that wasn't changed: say whether it exists at all, the likelier question after a stale page or a typo.
        if (ids.Count == 1 && done == 0 && (DashboardInput.HasControl(ids[0]) || await queries.GetJobAsync(ids[0], context.RequestAborted).ConfigureAwait(false) is null))
            return ActionNotice.Of(ActionProblem.NotFound);
        return ActionNotice.Of(kind == Kind.Requeue ? ActionDone.Requeued : ActionDone.Deleted, done, ids.Count - done);
    }

    private ActionNotice StartAll(Kind kind, IFormCollection form, HttpContext context)
    {
        if (JobStates.FromSlug(form["state"]) is not { } state) return ActionNotice.Of(ActionProblem.Invalid);
        var request = new JobListRequest(state, 0, 0, NullIfEmpty(form["queue"]))
        {
            Search = NullIfEmpty(form["q"]),
            ExceptionType = NullIfEmpty(form["exception"]),
            WithErrorOnly = form["errors"] == "1",
        };
        // The same rules as the list's page: nothing a store can't take, and no megabytes echoed by the progress.
        if (DashboardInput.Problem(request.Search, request.Queue, request.ExceptionType) is not null) return ActionNotice.Of(ActionProblem.BadFilter);
        var description = Describe(kind, request);
        Log.BulkOperationStarted(logger, description, context.Connection.RemoteIpAddress?.ToString());
        var operation = operations.Start(description, (op, token) => RunAllAsync(kind, request, op, token));
        return ActionNotice.Started(operation);
    }

    /// <summary>
    /// Walks the list by key, newest first, and acts on each page as it comes, one store call per page: the next page
    /// is the jobs below the last id seen, so jobs leaving the list meanwhile (acted on, or moved by someone else) shift
    /// nothing and none is skipped, while one that joins it below the walk's position (a running job that fails now)
    /// is taken too. A job acted on is never met again, even when it comes back to the same state (a requeued
    /// Succeeded job succeeding again): its id is above the walk's position by then.
    /// </summary>
    internal async Task RunAllAsync(Kind kind, JobListRequest filter, BulkOperation operation, CancellationToken cancellationToken)
    {
        var batch = options.BulkBatchSize;
        string? before = null;
        operation.Acting();
        while (true)
        {
            var page = await queries.GetJobsAsync(filter with { Offset = 0, Count = batch, BeforeId = before }, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0) break;
            var ids = page.Select(job => job.Id).ToArray();
            operation.AddCollected(ids.Length);
            var changed = kind == Kind.Requeue
                ? await client.RequeueManyAsync(ids, cancellationToken).ConfigureAwait(false)
                : await client.DeleteManyAsync(ids, cancellationToken).ConfigureAwait(false);
            operation.Count(changed, ids.Length - changed);
            if (page.Count < batch) break;
            before = ids[^1];
        }
    }

    /// <summary>The action on a whole list, as every place names it: "Requeue all", "Requeue all 5,000", "Delete all".</summary>
    public static string AllLabel(Kind kind, long? total) =>
        total is { } count ? $"{kind} all {Format.Count(count)}" : $"{kind} all";

    private static string Describe(Kind kind, JobListRequest request)
    {
        var text = $"{AllLabel(kind, null)} {(request.WithErrorOnly ? "retries" : request.State + " jobs")}";
        if (request.Queue is { } queue) text += $" in queue {queue}";
        if (request.ExceptionType is { } exception) text += $" that failed with {exception}";
        if (request.Search is { } search) text += string.Create(CultureInfo.InvariantCulture, $" matching “{search}”");
        return text;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
