using System.Text.RegularExpressions;

namespace Ember.Tests.States;

public partial class JobStateTransitionsTests
{
    [Fact]
    public void Docs_table_lists_exactly_the_transitions_of_the_code_table()
    {
        var documented = DocumentedTransitions();
        var coded = Enum.GetValues<JobState>()
            .SelectMany(from => JobStateTransitions.TargetsOf(from).Select(to => ($"{from}", $"{to}")))
            .Concat(JobStateTransitions.InitialStates.Select(to => ("(new)", $"{to}")))
            .ToHashSet();

        Assert.Equal(coded.OrderBy(t => t), documented.OrderBy(t => t));
    }

    [Fact]
    public void Only_succeeded_and_deleted_are_final()
    {
        Assert.Equal([JobState.Succeeded, JobState.Deleted], Enum.GetValues<JobState>().Where(JobStateTransitions.IsFinal));
    }

    [Fact]
    public void Every_pair_outside_the_table_is_refused()
    {
        foreach (var from in Enum.GetValues<JobState>())
            foreach (var to in Enum.GetValues<JobState>())
                Assert.Equal(JobStateTransitions.TargetsOf(from).Contains(to), JobStateTransitions.IsAllowed(from, to));
        Assert.False(JobStateTransitions.IsAllowed(JobState.Enqueued, JobState.Enqueued));
        Assert.False(JobStateTransitions.IsAllowed(JobState.Succeeded, JobState.Processing));
    }

    [Fact]
    public void Sources_of_a_state_are_the_inverse_of_targets()
    {
        Assert.Equal(
            [JobState.Scheduled, JobState.Awaiting, JobState.Processing, JobState.Succeeded, JobState.Failed, JobState.Deleted],
            JobStateTransitions.SourcesOf(JobState.Enqueued));
    }

    private static HashSet<(string From, string To)> DocumentedTransitions()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "states.md");
        var section = File.ReadAllText(path).Split("## Allowed transitions")[1].Split("\n## ")[0];
        return section.Split('\n')
            .Select(line => Row().Match(line))
            .Where(m => m.Success && m.Groups[1].Value != "From")
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value))
            .ToHashSet();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ember.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Ember.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"^\|\s*([()\w]+)\s*\|\s*(\w+)\s*\|")]
    private static partial Regex Row();
}
