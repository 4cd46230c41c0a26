namespace Ember.Chaos;

/// <summary>One fault, injected while real server processes run jobs on a real store, ending with exact accounting.</summary>
public abstract class Scenario
{
    /// <summary>The name on the command line, e.g. "kill".</summary>
    public abstract string Name { get; }

    /// <summary>The stores this fault applies to (a store restart needs a server to restart, a file lock needs SQLite).</summary>
    public virtual IReadOnlyList<string> Stores => StoreKinds.All;

    public abstract Task<ScenarioResult> RunAsync(ScenarioContext context);
}

/// <summary>What a scenario measured: the accounting, whose violations fail it, and figures for docs/guarantees.md.</summary>
public sealed class ScenarioResult
{
    public Accounting Accounting { get; } = new();

    public List<string> Figures { get; } = [];

    public bool Passed => Accounting.Violations.Count == 0;
}
