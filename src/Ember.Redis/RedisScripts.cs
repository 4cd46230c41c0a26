namespace Ember.Redis;

/// <summary>Every script of the store, read from the assembly once per process.</summary>
internal static class RedisScripts
{
    public static readonly RedisScript Create = RedisScript.Load("create");
    public static readonly RedisScript Fetch = RedisScript.Load("fetch");
    public static readonly RedisScript Complete = RedisScript.Load("complete");
    public static readonly RedisScript ChangeState = RedisScript.Load("change_state");
    public static readonly RedisScript ChangeStates = RedisScript.Load("change_states");
    public static readonly RedisScript Extend = RedisScript.Load("extend");
    public static readonly RedisScript Rescue = RedisScript.Load("rescue");
    public static readonly RedisScript EnqueueDue = RedisScript.Load("enqueue_due");
    public static readonly RedisScript DeleteExpired = RedisScript.Load("delete_expired");
    public static readonly RedisScript Heartbeat = RedisScript.Load("heartbeat");
    public static readonly RedisScript RemoveServer = RedisScript.Load("remove_server");
    public static readonly RedisScript RemoveDeadServers = RedisScript.Load("remove_dead_servers");
    public static readonly RedisScript UpsertRecurring = RedisScript.Load("upsert_recurring");
    public static readonly RedisScript RemoveRecurring = RedisScript.Load("remove_recurring");
    public static readonly RedisScript FireRecurring = RedisScript.Load("fire_recurring");
    public static readonly RedisScript DisableRecurring = RedisScript.Load("disable_recurring");
    public static readonly RedisScript DueRecurring = RedisScript.Load("due_recurring");
    public static readonly RedisScript AllRecurring = RedisScript.Load("all_recurring");
    public static readonly RedisScript AcquireMutex = RedisScript.Load("acquire_mutex");
    public static readonly RedisScript ReleaseMutex = RedisScript.Load("release_mutex");
    public static readonly RedisScript TakeRatePermits = RedisScript.Load("take_rate_permits");
    public static readonly RedisScript GetJobs = RedisScript.Load("get_jobs");
    public static readonly RedisScript GetJob = RedisScript.Load("get_job");
    public static readonly RedisScript FindJobs = RedisScript.Load("find_jobs");
    public static readonly RedisScript Queues = RedisScript.Load("queues");
    public static readonly RedisScript Hourly = RedisScript.Load("hourly");
    public static readonly RedisScript Upgrade = RedisScript.Load("upgrade");
    public static readonly RedisScript UpdateData = RedisScript.Load("update_data");
    public static readonly RedisScript PauseQueue = RedisScript.Load("pause_queue");
    public static readonly RedisScript PauseRecurring = RedisScript.Load("pause_recurring");
    public static readonly RedisScript SetConcurrencyLimit = RedisScript.Load("set_concurrency_limit");
    public static readonly RedisScript ConcurrencyKeys = RedisScript.Load("concurrency_keys");
    public static readonly RedisScript CreateBatch = RedisScript.Load("create_batch");
    public static readonly RedisScript CancelBatch = RedisScript.Load("cancel_batch");
    public static readonly RedisScript GetBatches = RedisScript.Load("get_batches");
    public static readonly RedisScript GetBatchJobs = RedisScript.Load("get_batch_jobs");
    public static readonly RedisScript ReserveIds = RedisScript.Load("reserve_ids");
    public static readonly RedisScript RateLimits = RedisScript.Load("rate_limits");
    public static readonly RedisScript RateLimitJobs = RedisScript.Load("rate_limit_jobs");
    public static readonly RedisScript StageBatchJobs = RedisScript.Load("stage_batch_jobs");

    public static readonly IReadOnlyList<RedisScript> All =
    [
        Create, Fetch, Complete, ChangeState, ChangeStates, Extend, Rescue, EnqueueDue, DeleteExpired, Heartbeat, RemoveServer,
        RemoveDeadServers, UpsertRecurring, RemoveRecurring, FireRecurring, DisableRecurring, DueRecurring, AllRecurring,
        AcquireMutex, ReleaseMutex, GetJobs, GetJob, FindJobs, Queues, Hourly, Upgrade, UpdateData, PauseQueue, PauseRecurring,
        CreateBatch, CancelBatch, GetBatches, GetBatchJobs, SetConcurrencyLimit, ConcurrencyKeys, TakeRatePermits, ReserveIds,
        RateLimits, RateLimitJobs, StageBatchJobs,
    ];
}
