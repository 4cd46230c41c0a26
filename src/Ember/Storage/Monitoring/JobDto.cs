using Ember.Invocations;

namespace Ember.Storage.Monitoring;

/// <summary>What every job of a monitoring list carries: what it calls, or why that can't be loaded here.</summary>
public abstract class JobDto
{
    /// <summary>What the job calls; null when its type or method can't be loaded in this process (see <see cref="LoadException"/>).</summary>
    public Job? Job { get; set; }

    /// <summary>Why <see cref="Job"/> couldn't be loaded, if it couldn't.</summary>
    public JobLoadException? LoadException { get; set; }

    /// <summary>The stored invocation (type, method, arguments as JSON): Hangfire's <c>InvocationData</c>.</summary>
    public Invocation? Invocation { get; set; }

    /// <summary>The job as Ember's read side returns it (queue, attempt, result, parameters, progress ...).</summary>
    public JobInfo? Info { get; set; }
}
