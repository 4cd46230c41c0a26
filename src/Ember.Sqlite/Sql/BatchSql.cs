namespace Ember.Sqlite.Sql;

/// <summary>The statements that write batches (BatchRules). Constants only: every value is a parameter.</summary>
internal static class BatchSql
{
    /// <summary>A batch's state: it must exist to be a parent or to take members, and its state says whether it finished.</summary>
    public const string SelectState = "SELECT state FROM batches WHERE id = $id";

    /// <summary>The batch that holds a nested batch (NULL, no row read, for a top-level one).</summary>
    public const string SelectParent = "SELECT parent_batch_id FROM batches WHERE id = $id";

    // Batch ids come from the jobs' AUTOINCREMENT sequence, so that a batch can be a parent like a job and no id names
    // both. The row exists once a job was ever inserted; the first statement makes it exist before.
    public const string EnsureSequence = """
        INSERT INTO sqlite_sequence (name, seq) SELECT 'jobs', coalesce((SELECT max(id) FROM jobs), 0)
        WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'jobs')
        """;

    public const string NextId = "UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'jobs' RETURNING seq";

    /// <summary>Reserves <c>$count</c> ids (IJobStore.ReserveIdsAsync): returns the last; the others are the ones below it.</summary>
    public const string ReserveIds = "UPDATE sqlite_sequence SET seq = seq + $count WHERE name = 'jobs' RETURNING seq";

    /// <summary>The last id drawn or reserved: a given id above it was never reserved.</summary>
    public const string LastId = "SELECT seq FROM sqlite_sequence WHERE name = 'jobs'";

    /// <summary>How many of the ids of the JSON array <c>$ids</c> a job or batch has already.</summary>
    public const string CountTaken = """
        SELECT (SELECT count(*) FROM jobs WHERE id IN (SELECT value FROM json_each($ids)))
             + (SELECT count(*) FROM batches WHERE id IN (SELECT value FROM json_each($ids)))
        """;

    public const string Insert = """
        INSERT INTO batches (id, description, state, parent_batch_id, created_at, total)
        VALUES ($id, $description, 'Started', $parent_batch_id, $now, $total)
        """;

    /// <summary>Gives a batch created without members its own expiry (CreateBatchRequest.EmptyBatchExpireAt).</summary>
    public const string SetExpiry = "UPDATE batches SET expire_at = $expire_at WHERE id = $id";

    /// <summary>Batches created without members whose expiry has come (ix_batches_expire_at).</summary>
    public const string SelectExpiredEmpty = "SELECT id FROM batches WHERE expire_at <= $now ORDER BY expire_at LIMIT $limit";

    public const string AddMembers = "UPDATE batches SET total = total + $count WHERE id = $id";

    /// <summary>A member's move: the counts follow; returns what says whether the batch has finished.</summary>
    public const string Count = """
        UPDATE batches SET succeeded = succeeded + $succeeded, failed = failed + $failed, deleted = deleted + $deleted
        WHERE id = $id
        RETURNING state, total, succeeded, failed, deleted, cancelled, parent_batch_id
        """;

    public const string SelectForFinish = "SELECT state, total, succeeded, failed, deleted, cancelled, parent_batch_id FROM batches WHERE id = $id";

    public const string Finish = "UPDATE batches SET state = $state, finished_at = $now WHERE id = $id";

    public const string Cancel = "UPDATE batches SET cancelled = 1 WHERE id = $id AND state = 'Started'";

    /// <summary>
    /// Prunes a finished batch that has no job and no nested batch left (they were pruned before it); returns its parent
    /// batch (null for none), which may go in turn. Uses ix_jobs_batch and ix_batches_parent.
    /// </summary>
    public const string PruneIfEmpty = """
        DELETE FROM batches
        WHERE id = $id AND state <> 'Started'
          AND NOT EXISTS (SELECT 1 FROM jobs WHERE batch_id = $id)
          AND NOT EXISTS (SELECT 1 FROM batches WHERE parent_batch_id = $id)
        RETURNING parent_batch_id
        """;
}
