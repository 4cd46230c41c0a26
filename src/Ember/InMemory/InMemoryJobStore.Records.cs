using Ember.Storage;

namespace Ember.InMemory;

public sealed partial class InMemoryJobStore
{
    internal sealed class StoredJob(long id, string queue, string invocation, DateTimeOffset createdAt)
    {
        public long Id { get; } = id;
        public string IdText { get; } = StoredValues.JobId(id);
        public string Queue { get; } = queue;
        public string Invocation { get; set; } = invocation;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public JobState State { get; set; }
        public DateTimeOffset StateChangedAt { get; set; }
        public DateTimeOffset? ScheduledAt { get; set; }
        public DateTimeOffset? ExpireAt { get; set; }
        public JobError? LastError { get; set; }
        public int Attempt { get; set; }
        public string? ServerId { get; set; }
        public string? LeaseToken { get; set; }
        public DateTimeOffset? LeaseExpiresAt { get; set; }
        public List<StateHistoryEntry> History { get; } = [];
        // Made when first needed (a continuation's parents, a run's log lines): most jobs have none.
        public List<long>? ParentIds { get; set; }
        public long? BatchId { get; init; }
        // The parents whose first finish has not been counted yet: the countdown of ContinuationRules.
        public HashSet<long>? WaitingOn { get; set; }
        public JobContinuationOptions ContinuationOptions { get; init; }
        public string? Result { get; set; }
        public IReadOnlyDictionary<string, string> Parameters { get; set; } = NoParameters;
        public int? Progress { get; set; }
        public List<JobLogLine>? Log { get; set; }
        public string? UniqueKey { get; set; }
        public ConcurrencyLimit? Concurrency { get; init; }
        // Enqueued, but set aside until a run of its key ends (InMemoryJobStore.Concurrency).
        public bool Parked { get; set; }

        public JobInfo ToInfo() => new()
        {
            Id = IdText, Queue = Queue, State = State, Invocation = Invocation, CreatedAt = CreatedAt,
            StateChangedAt = StateChangedAt, Attempt = Attempt, ScheduledAt = ScheduledAt, LastError = LastError,
            ServerId = ServerId, LeaseExpiresAt = LeaseExpiresAt, ExpireAt = ExpireAt, ParentId = ParentIds is [var first, ..] ? StoredValues.JobId(first) : null, BatchId = BatchId is { } batch ? StoredValues.JobId(batch) : null,
            ContinuationOptions = ContinuationOptions, Result = Result, Progress = Progress,
            Parameters = Parameters,
        };
    }

    internal sealed class StoredBatch(long id, string? description, long? parentBatchId, DateTimeOffset createdAt)
    {
        public long Id { get; } = id;
        public string? Description { get; } = description;
        public long? ParentBatchId { get; } = parentBatchId;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public BatchState State { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public bool Cancelled { get; set; }
        public long Total { get; set; }
        public long Succeeded { get; set; }
        public long Failed { get; set; }
        public long Deleted { get; set; }
        public HashSet<long> Jobs { get; } = [];

        /// <summary>For a batch created without members: when it may be pruned (CreateBatchRequest.EmptyBatchExpireAt).</summary>
        public DateTimeOffset? ExpireAt { get; set; }

        /// <summary>Its nested batches not pruned yet: a batch is pruned after them (and its jobs).</summary>
        public int NestedBatches { get; set; }
    }
}
