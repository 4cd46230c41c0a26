using Ember.Storage;

namespace Ember.Redis;

/// <summary>State names as the scripts and keys spell them (the enum's names), without formatting an enum each time.</summary>
internal static class JobStateNames
{
    private static readonly string[] Names = Enum.GetValues<JobState>().Select(s => s.ToString()).ToArray();
    private static readonly Dictionary<string, JobState> States = Enum.GetValues<JobState>().ToDictionary(s => s.ToString(), StringComparer.Ordinal);

    public static string Of(JobState state) => (int)state >= 0 && (int)state < Names.Length ? Names[(int)state] : state.ToString();

    public static JobState Parse(string name) => States.TryGetValue(name, out var state)
        ? state
        : throw new InvalidOperationException($"Unknown job state '{name}' in Redis; the data was written by another version or another application.");
}
