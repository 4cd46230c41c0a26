namespace Ember.Storage;

/// <summary>Parameters of <see cref="IJobQueries.GetBatchesAsync"/>: batches newest first.</summary>
/// <param name="Count">Page size.</param>
public sealed record BatchListRequest(int Count)
{
    /// <summary>Only batches older than this one (a smaller id): the page after one that ended with it.</summary>
    public string? BeforeId { get; init; }

    /// <summary>Only the batches nested in this one, when given; otherwise only top-level batches.</summary>
    public string? ParentBatchId { get; init; }
}
