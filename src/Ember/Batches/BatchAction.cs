using Ember.Storage;

namespace Ember;

/// <summary>Collects what a batch callback adds, then hands it to the store as a <see cref="NewBatch"/> tree.</summary>
internal sealed class BatchAction(string? description) : IBatchAction
{
    private readonly List<CreateJobRequest> _jobs = [];
    private readonly List<BatchAction> _batches = [];

    public void Create(CreateJobRequest job)
    {
        ArgumentNullException.ThrowIfNull(job);
        _jobs.Add(job);
    }

    public void StartNew(Action<IBatchAction> createAction, string? description = null)
    {
        ArgumentNullException.ThrowIfNull(createAction);
        var nested = new BatchAction(description);
        createAction(nested);
        _batches.Add(nested);
    }

    /// <summary>Every job request, depth first: this batch's own, then each nested batch's (the store's order of ids).</summary>
    public List<CreateJobRequest> Flatten(List<CreateJobRequest>? into = null)
    {
        into ??= [];
        into.AddRange(_jobs);
        foreach (var nested in _batches) nested.Flatten(into);
        return into;
    }

    /// <summary>The tree as the store takes it, its jobs taken in <see cref="Flatten"/>'s order from <paramref name="jobs"/>.</summary>
    public NewBatch ToNewBatch(NewJob[] jobs, ref int next)
    {
        var own = jobs.AsSpan(next, _jobs.Count).ToArray();
        next += _jobs.Count;
        var nested = new NewBatch[_batches.Count];
        for (var i = 0; i < nested.Length; i++) nested[i] = _batches[i].ToNewBatch(jobs, ref next);
        return new NewBatch { Description = description, Jobs = own, Batches = nested };
    }
}
