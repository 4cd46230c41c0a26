using System.Diagnostics;
using Ember.Storage;

namespace Ember;

/// <summary>
/// The spans of a job's life, named and tagged per OpenTelemetry's messaging conventions (messaging.system "ember",
/// the queue as destination, the job id as message id): a producer span where jobs are created, a consumer span per
/// run, whose parent is the creation context stored with the job (also linked, as the conventions advise, so a
/// backend that starts a trace per run still finds the enqueuer).
/// </summary>
internal static class JobActivities
{
    public const string System = "ember";

    /// <summary>A producer span around one create call; null when nobody listens.</summary>
    public static Activity? StartPublish(IReadOnlyList<NewJob> jobs)
    {
        if (!EmberDiagnostics.ActivitySource.HasListeners() || jobs.Count == 0) return null;
        var queue = jobs[0].Queue;
        for (var i = 1; i < jobs.Count; i++)
            if (!string.Equals(jobs[i].Queue, queue, StringComparison.Ordinal)) queue = null;
        var tags = new ActivityTagsCollection
        {
            [EmberTags.MessagingSystem] = System,
            [EmberTags.OperationType] = "send",
            [EmberTags.OperationName] = "publish",
        };
        if (queue is not null) tags[EmberTags.Destination] = queue;
        if (jobs.Count > 1) tags[EmberTags.BatchCount] = jobs.Count;
        return EmberDiagnostics.ActivitySource.StartActivity(queue is null ? "publish" : "publish " + queue, ActivityKind.Producer, default(ActivityContext), tags);
    }

    /// <summary>Tags the publish span with what the store answered.</summary>
    public static void Published(Activity? activity, IReadOnlyList<string> ids)
    {
        if (activity is null || ids.Count != 1) return;
        activity.SetTag(EmberTags.MessageId, ids[0]);
        activity.SetTag(EmberTags.JobId, ids[0]);
    }

    /// <summary>A consumer span around one run, child of <paramref name="creation"/> when valid, else a root.</summary>
    public static Activity? StartProcess(FetchedJob fetched, string serverId, ActivityContext creation, IEnumerable<KeyValuePair<string, string?>>? baggage)
    {
        var tags = new ActivityTagsCollection
        {
            [EmberTags.MessagingSystem] = System,
            [EmberTags.OperationType] = "process",
            [EmberTags.OperationName] = "process",
            [EmberTags.Destination] = fetched.Queue,
            [EmberTags.MessageId] = fetched.Id,
            [EmberTags.ClientId] = serverId,
            [EmberTags.JobId] = fetched.Id,
            [EmberTags.Queue] = fetched.Queue,
            [EmberTags.Attempt] = fetched.Attempt,
        };
        ActivityLink[]? links = creation == default ? null : [new ActivityLink(creation)];
        // A run belongs to its job's trace, never to whatever activity was current when the server started.
        Activity.Current = null;
        var activity = EmberDiagnostics.ActivitySource.StartActivity("process " + fetched.Queue, ActivityKind.Consumer, creation, tags, links);
        if (activity is not null && baggage is not null)
            foreach (var (key, value) in baggage) activity.AddBaggage(key, value);
        return activity;
    }
}
