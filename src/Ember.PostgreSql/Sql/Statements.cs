namespace Ember.PostgreSql.Sql;

/// <summary>
/// Every statement of the store for one schema, built once: the templates of this folder with the validated, quoted
/// schema name filled in. The texts never change afterwards, so Npgsql's automatic preparation reuses them.
/// </summary>
internal sealed class Statements(SchemaName schema)
{
    public SchemaName Schema { get; } = schema;

    public string CreateJobs { get; } = schema.Apply(JobSql.Create);
    public string CreateBatch { get; } = schema.Apply(JobSql.CreateBatch);
    public string BatchChain { get; } = schema.Apply(JobSql.BatchChain);
    public string ReserveIds { get; } = schema.Apply(JobSql.ReserveIds);
    public string CancelBatch { get; } = schema.Apply(JobSql.CancelBatch);
    public string SelectBatch { get; } = schema.Apply(QuerySql.SelectBatch);
    public string SelectBatches { get; } = schema.Apply(QuerySql.SelectBatches);
    public string SelectBatchJobs { get; } = schema.Apply(QuerySql.SelectBatchJobs);
    public string CreateOneJob { get; } = schema.Apply(JobSql.CreateOne);
    public string FirstMissingParent { get; } = schema.Apply(JobSql.FirstMissingParent);
    public string Fetch { get; } = schema.Apply(JobSql.Fetch);
    public string Complete { get; } = schema.Apply(JobSql.Complete);
    public string ChangeState { get; } = schema.Apply(JobSql.ChangeState);
    public string ChangeStates { get; } = schema.Apply(JobSql.ChangeStates);
    public string UpdateData { get; } = schema.Apply(JobSql.UpdateData);
    public string TrimLog { get; } = schema.Apply(JobSql.TrimLog);
    public string ExtendLeases { get; } = schema.Apply(JobSql.ExtendLeases);
    public string RescueExpired { get; } = schema.Apply(JobSql.RescueExpired);
    public string EnqueueDue { get; } = schema.Apply(JobSql.EnqueueDue);
    public string DeleteExpired { get; } = schema.Apply(JobSql.DeleteExpired);
    public string FireRecurring { get; } = schema.Apply(JobSql.FireRecurring);
    public string WorkChannel { get; } = schema.Apply(JobSql.WorkChannel);

    public string SelectJob { get; } = schema.Apply(QuerySql.SelectJob);
    public string SelectHistory { get; } = schema.Apply(QuerySql.SelectHistory);
    public string SelectLog { get; } = schema.Apply(QuerySql.SelectLog);
    public string CountByState { get; } = schema.Apply(QuerySql.CountByState);
    public string Statistics { get; } = schema.Apply(QuerySql.Statistics);
    public string Queues { get; } = schema.Apply(QuerySql.Queues);
    public string HourlyCounts { get; } = schema.Apply(QuerySql.HourlyCounts);
    public string FailureGroups { get; } = schema.Apply(QuerySql.FailureGroups);

    /// <summary>The page statements, indexed by <see cref="PageFilters"/>.</summary>
    public IReadOnlyList<string> Pages { get; } =
        Enumerable.Range(0, (int)PageFilters.All + 1).Select(f => schema.Apply(QuerySql.Page((PageFilters)f))).ToArray();
    public string SelectContinuationIds { get; } = schema.Apply(QuerySql.SelectContinuationIds);
    public string SelectParentIds { get; } = schema.Apply(QuerySql.SelectParentIds);
    public string SelectServers { get; } = schema.Apply(QuerySql.SelectServers);

    public string UpsertRecurring { get; } = schema.Apply(RecurringSql.Upsert);
    public string DeleteRecurring { get; } = schema.Apply(RecurringSql.Delete);
    public string SelectRecurring { get; } = schema.Apply(RecurringSql.Select);
    public string SelectAllRecurring { get; } = schema.Apply(RecurringSql.SelectAll);
    public string SelectDueRecurring { get; } = schema.Apply(RecurringSql.SelectDue);
    public string DisableRecurring { get; } = schema.Apply(RecurringSql.Disable);

    public string UpsertServer { get; } = schema.Apply(ServerSql.Upsert);
    public string DeleteServer { get; } = schema.Apply(ServerSql.Delete);
    public string DeleteSilentServers { get; } = schema.Apply(ServerSql.DeleteSilentSince);

    public string LockUniqueKeys { get; } = schema.Apply(UniqueSql.Lock);
    public string SelectUniqueHolders { get; } = schema.Apply(UniqueSql.SelectHolders);
    public string InsertUniqueKeys { get; } = schema.Apply(UniqueSql.Insert);
    public string DebounceUnique { get; } = schema.Apply(UniqueSql.Debounce);

    public string SetConcurrencyLimit { get; } = schema.Apply(ConcurrencySql.SetLimit);
    public string SelectConcurrencyKeys { get; } = schema.Apply(ConcurrencySql.SelectKeys);

    public string PauseQueue { get; } = schema.Apply(PauseSql.PauseQueue);
    public string ResumeQueue { get; } = schema.Apply(PauseSql.ResumeQueue);
    public string SelectPausedQueues { get; } = schema.Apply(PauseSql.SelectPausedQueues);
    public string SetRecurringPaused { get; } = schema.Apply(PauseSql.SetRecurringPaused);

    public string TryAcquireMutex { get; } = schema.Apply(MutexSql.TryAcquire);
    public string ReleaseMutex { get; } = schema.Apply(MutexSql.Release);

    public string TakeRatePermits { get; } = schema.Apply(RateLimitSql.Take);
    public string SelectRateLimits { get; } = schema.Apply(RateLimitSql.SelectInForce);
    public string SelectRateLimitJobs { get; } = schema.Apply(RateLimitSql.SelectJobLimits);
    public string DeleteExpiredRateLimits { get; } = schema.Apply(RateLimitSql.DeleteExpired);
}
