namespace Ember.Sqlite.Sql;

/// <summary>The statements that write batches (BatchRules). Constants only: every value is a parameter.</summary>
internal static class BatchSql
{
    /// <summary>A batch's state: it must exist to be a parent or to take members, and its state says whether it finished.</summary>
    public const string SelectState = "SELECT state FROM batches WHERE id = $id";

    // Batch ids come from the jobs' AUTOINCREMENT sequence, so that a batch can be a parent like a job and no id names
    // both. The row exists once a job was ever inserted; the first statement makes it exist before.
    public const string EnsureSequence = """
        INSERT INTO sqlite_sequence (name, seq) SELECT 'jobs', coalesce((SELECT max(id) FROM jobs), 0)
        WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'jobs')
        """;

    public const string NextId = "UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'jobs' RETURNING seq";

    public const string Insert = """
        INSERT INTO batches (id, description, state, parent_batch_id, created_at, total)
        VALUES ($id, $description, 'Started', $parent_batch_id, $now, $total)
        """;

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
}
