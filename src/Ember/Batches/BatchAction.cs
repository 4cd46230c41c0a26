using Ember.Storage;

namespace Ember;

/// <summary>
/// Collects what a batch callback adds, each job and nested batch with its reserved id (<see cref="ReservedIds"/>), then
/// hands it to the store as a <see cref="NewBatch"/> tree.
/// </summary>
internal sealed class BatchAction(string? description, string? id, ReservedIds ids) : IBatchAction
{
    private readonly List<(CreateJobRequest Request, string Id)> _jobs = [];
    private readonly List<BatchAction> _batches = [];

    /// <summary>This batch's id: reserved, or the id of the batch attached to.</summary>
    public string? Id => id;

    public string Create(CreateJobRequest job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var jobId = ids.Next();
        _jobs.Add((job, jobId));
        return jobId;
    }

    public string StartNew(Action<IBatchAction> createAction, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(createAction);
        var nested = new BatchAction(description, ids.Next(), ids);
        createAction(nested);
        _batches.Add(nested);
        return nested.Id!;
    }

    /// <summary>Every job request, depth first: this batch's own, then each nested batch's (the order of <see cref="CreatedBatch.JobIds"/>).</summary>
    public List<CreateJobRequest> Flatten(List<CreateJobRequest>? into = null)
    {
        into ??= [];
        foreach (var job in _jobs) into.Add(job.Request);
        foreach (var nested in _batches) nested.Flatten(into);
        return into;
    }

    /// <summary>
    /// The tree as the store takes it, its jobs taken in <see cref="Flatten"/>'s order from <paramref name="jobs"/>, each
    /// with its reserved id. <paramref name="attached"/>: this is the batch attached to, which is not created.
    /// </summary>
    public NewBatch ToNewBatch(NewJob[] jobs, ref int next, bool attached = false)
    {
        var own = new NewJob[_jobs.Count];
        for (var i = 0; i < own.Length; i++) own[i] = jobs[next + i] with { Id = _jobs[i].Id };
        next += own.Length;
        var nested = new NewBatch[_batches.Count];
        for (var i = 0; i < nested.Length; i++) nested[i] = _batches[i].ToNewBatch(jobs, ref next);
        return new NewBatch { Id = attached ? null : id, Description = description, Jobs = own, Batches = nested };
    }
}
