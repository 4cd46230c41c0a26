using System.Collections.Concurrent;
using System.Reflection;

namespace Ember.Filters;

/// <summary>The filters of one job, in running order: global, then class attributes, then method attributes.</summary>
internal sealed class JobFilters
{
    private static readonly ConcurrentDictionary<(Type, MethodInfo), IJobFilter[]> AttributeFilters = new();

    private JobFilters(IJobFilter[] all)
    {
        Client = all.OfType<IClientFilter>().ToArray();
        Server = all.OfType<IServerFilter>().ToArray();
        ServerException = all.OfType<IServerExceptionFilter>().ToArray();
        Elect = all.OfType<IElectStateFilter>().ToArray();
        Apply = all.OfType<IApplyStateFilter>().ToArray();
        CapturesCulture = all.OfType<CaptureCultureAttribute>().Any();
    }

    public static JobFilters None { get; } = new([]);

    public IClientFilter[] Client { get; }
    public IServerFilter[] Server { get; }
    public IServerExceptionFilter[] ServerException { get; }
    public IElectStateFilter[] Elect { get; }
    public IApplyStateFilter[] Apply { get; }

    /// <summary>A <see cref="CaptureCultureAttribute"/> is among them: the enqueuer's culture is kept even when it is off globally.</summary>
    public bool CapturesCulture { get; }

    public static JobFilters For(Job job, IList<IJobFilter> global)
    {
        var attributes = AttributeFilters.GetOrAdd((job.Type, job.Method), static key =>
            key.Item1.GetCustomAttributes<JobFilterAttribute>(inherit: true).OrderBy(f => f.Order)
                .Concat(key.Item2.GetCustomAttributes<JobFilterAttribute>(inherit: true).OrderBy(f => f.Order))
                .ToArray<IJobFilter>());
        return global.Count == 0 && attributes.Length == 0 ? None : new JobFilters([.. global, .. attributes]);
    }

    public async ValueTask<Storage.StateChange> ElectAsync(string? jobId, Job job, Storage.StateChange candidate, Exception? exception)
    {
        if (Elect.Length == 0) return candidate;
        var context = new ElectStateContext(jobId, job, candidate, exception);
        foreach (var filter in Elect) await filter.OnStateElectionAsync(context).ConfigureAwait(false);
        return context.CandidateState;
    }
}
