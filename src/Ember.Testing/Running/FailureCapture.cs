using System.Collections.Concurrent;

namespace Ember.Testing;

// The runner stores a failed run's exception as text (JobError); tests want the exception itself, to rethrow it or
// check its type. Elect-state filters see it after every run, whichever filter or the method threw it, so this one
// goes first among the run's global filters and keeps it aside by job id.
internal sealed class FailureCapture : IElectStateFilter
{
    private readonly ConcurrentDictionary<string, Exception> _exceptions = new(StringComparer.Ordinal);

    public ValueTask OnStateElectionAsync(ElectStateContext context)
    {
        if (context.JobId is { } id && context.Exception is { } exception) _exceptions[id] = exception;
        return default;
    }

    public Exception? Take(string jobId) => _exceptions.TryRemove(jobId, out var exception) ? exception : null;
}
