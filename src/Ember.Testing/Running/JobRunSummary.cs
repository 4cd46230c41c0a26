using System.Text;

namespace Ember.Testing;

/// <summary>What one <c>RunPending</c> call ran, in order.</summary>
public sealed class JobRunSummary
{
    internal JobRunSummary(IReadOnlyList<JobRun> runs)
    {
        Runs = runs;
        Succeeded = runs.Where(r => !r.Failed).ToArray();
        Failed = runs.Where(r => r.Failed).ToArray();
    }

    /// <summary>Every run, in the order they ran. A job that was retried within the call appears once per run.</summary>
    public IReadOnlyList<JobRun> Runs { get; }

    /// <summary>The runs that succeeded.</summary>
    public IReadOnlyList<JobRun> Succeeded { get; }

    /// <summary>The runs that failed, each with its <see cref="JobRun.Exception"/>.</summary>
    public IReadOnlyList<JobRun> Failed { get; }

    /// <summary>Throws a <see cref="JobAssertionException"/> listing the failed runs, if any; the first one's exception is its inner exception.</summary>
    /// <returns>This summary, for chaining.</returns>
    public JobRunSummary EnsureAllSucceeded()
    {
        if (Failed.Count == 0) return this;
        throw new JobAssertionException($"{Failed.Count} of {Runs.Count} job runs failed:{Environment.NewLine}{this}", Failed[0].Exception!);
    }

    /// <summary>One line per run.</summary>
    public override string ToString()
    {
        if (Runs.Count == 0) return "  (no job ran)";
        var text = new StringBuilder();
        foreach (var run in Runs) text.Append("  ").Append(run).AppendLine();
        return text.ToString().TrimEnd();
    }
}
