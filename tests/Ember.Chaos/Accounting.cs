using Ember.Storage;

namespace Ember.Chaos;

/// <summary>
/// The end of every scenario: each tracked job's ledger runs and store state, summed into the figures the issue asks
/// for, with the violations (a job lost, stuck, or run twice without an excuse) listed by id.
/// </summary>
public sealed class Accounting
{
    public int Enqueued { get; private set; }
    public int Succeeded { get; private set; }
    public int Failed { get; private set; }
    public int Lost { get; private set; }
    public int RanTwice { get; private set; }
    public int RanTwiceExcused { get; private set; }
    public int StuckProcessing { get; private set; }
    public int StuckAwaiting { get; private set; }
    public List<string> Violations { get; } = [];

    /// <summary>
    /// Accounts for jobs that should end Succeeded with their run in the ledger. A second run is excused only when the
    /// job's history shows why: it was held by a server that died (<paramref name="died"/>) or its lease lapsed and it
    /// was rescued. With <paramref name="allowDuplicates"/> false (graceful faults only), no job may run twice.
    /// </summary>
    public async Task AddSucceedingAsync(IJobStore store, Ledger ledger, IReadOnlyList<(string Key, string Id)> jobs, IReadOnlySet<string> died, bool allowDuplicates = true)
    {
        foreach (var (key, id) in jobs)
        {
            Enqueued++;
            var details = await store.Queries.GetJobAsync(id);
            var state = details?.Job.State;
            var done = ledger.Done(key);
            if (state == JobState.Succeeded) Succeeded++;
            if (state == JobState.Processing) StuckProcessing++;
            if (state == JobState.Awaiting) StuckAwaiting++;
            if (state != JobState.Succeeded || done == 0)
            {
                Lost++;
                Violations.Add($"job {id} ({key}) lost: state {state?.ToString() ?? "gone"}, {done} finished runs in the ledger");
                continue;
            }
            if (done == 1) continue;
            RanTwice++;
            if (allowDuplicates && Excused(details!, died)) RanTwiceExcused++;
            else Violations.Add($"job {id} ({key}) ran {done} times, with no dead server or rescue in its history: {Describe(details!)}");
        }
    }

    /// <summary>Accounts for a job that must end in <paramref name="expected"/> (a planned failure, say), with a check of its last error.</summary>
    public async Task AddExpectedAsync(IJobStore store, string key, string id, JobState expected, Func<JobDetails, bool> check, string what)
    {
        Enqueued++;
        var details = await store.Queries.GetJobAsync(id);
        var state = details?.Job.State;
        if (state == JobState.Succeeded) Succeeded++;
        if (state == JobState.Failed) Failed++;
        if (state == JobState.Processing) StuckProcessing++;
        if (state != expected || !check(details!))
            Violations.Add($"job {id} ({key}) should be {expected} with {what}: {(details is null ? "gone" : Describe(details))}");
    }

    /// <summary>
    /// Accounts for jobs without a ledger (the soak's no-ops, which expire as they finish): how many were enqueued and
    /// how many left the store's live states without failing.
    /// </summary>
    public void AddUntracked(int enqueued, int finished)
    {
        Enqueued += enqueued;
        Succeeded += finished;
        Lost += enqueued - finished;
    }

    public void Violation(string message) => Violations.Add(message);

    public override string ToString() =>
        $"enqueued {Enqueued}, succeeded {Succeeded}, failed {Failed}, lost {Lost}, ran more than once {RanTwice} " +
        $"(excused by a dead server or a lost lease: {RanTwiceExcused}), stuck in Processing {StuckProcessing}, stuck in Awaiting {StuckAwaiting}";

    public static bool Excused(JobDetails details, IReadOnlySet<string> died) =>
        details.History.Any(h => (h.State == JobState.Processing && h.ServerId is { } server && died.Contains(server))
            || h.Kind == HistoryKind.Rescued);

    public static string Describe(JobDetails details) =>
        $"{details.Job.State}; history: " + string.Join(" | ", details.History.Select(h => $"{h.State} {h.At:HH:mm:ss.fff} {h.Kind} {h.ServerId} {h.Reason}"));
}
