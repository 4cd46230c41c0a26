using System.Globalization;
using System.Text;
using Ember.Invocations;
using Ember.Storage;

namespace Ember.Testing;

// How jobs read in assertion messages: one line each, the call with its JSON arguments, queue and state.
internal static class JobText
{
    // A failure message lists at most this many jobs; enough to see what happened, short enough to read.
    public const int MaxListed = 50;
    private const string TokenType = "System.Threading.CancellationToken";

    public static string Describe(RecordedJob job)
    {
        var text = new StringBuilder();
        text.Append('#').Append(job.Id).Append(' ').Append(Call(job.Job, job.Invocation));
        text.Append("  queue: ").Append(job.Queue).Append(", ").Append(State(job));
        return text.ToString();
    }

    public static string Call(Job? job, Invocation invocation)
    {
        var type = job?.Type.Name ?? ShortTypeName(invocation.Type);
        var arguments = invocation.Arguments.Select((argument, i) => IsToken(job, invocation, i) ? "CancellationToken" : argument.GetRawText());
        return $"{type}.{invocation.Method}({string.Join(", ", arguments)})";
    }

    public static string State(RecordedJob job)
    {
        var state = job.State.ToString();
        if (job.State == JobState.Scheduled && job.DueAt is { } due)
        {
            state += " for " + Time(due);
            // A retry says why: its reason names the attempt and the exception.
            if (job.History.Count > 1 && job.History[^1].Reason is { } reason) state += $" ({reason})";
        }
        if (job.CreatedAs == JobState.Scheduled && job.State != JobState.Scheduled && job.ScheduledAt is { } was)
            state += ", was scheduled for " + Time(was);
        if (job.ParentId is { } parent)
            state += $", continuation of #{parent}" + (job.ContinuationOptions == JobContinuationOptions.OnlyOnSucceededState ? "" : $" ({job.ContinuationOptions})");
        if (job.State is JobState.Failed or JobState.Deleted && job.LastError is { } error)
            state += $" after {error.Type}: {error.Message}";
        return state;
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string List(IReadOnlyList<RecordedJob> jobs, string indent = "  ")
    {
        var text = new StringBuilder();
        foreach (var job in jobs.Take(MaxListed)) text.Append(indent).Append(Describe(job)).AppendLine();
        if (jobs.Count > MaxListed) text.Append(indent).Append("... and ").Append(jobs.Count - MaxListed).Append(" more").AppendLine();
        return text.ToString();
    }

    public static string Recurring(RecurringJobRecord record, Job? job)
    {
        var invocation = TryParse(record.Invocation);
        var call = invocation is null ? "(unreadable invocation)" : Call(job, invocation);
        var text = $"\"{record.Id}\" {call}  cron: \"{record.Cron}\" ({record.TimeZoneId}), queue: {record.Queue}";
        if (record.NextRunAt is { } next) text += ", next " + Time(next);
        if (record.Error is { } error) text += ", disabled: " + error;
        return text;
    }

    public static Invocation? TryParse(string invocation)
    {
        try
        {
            return Invocation.Parse(invocation);
        }
        catch (JobLoadException)
        {
            return null;
        }
    }

    private static bool IsToken(Job? job, Invocation invocation, int index) => job is not null
        ? index < job.Method.GetParameters().Length && job.Method.GetParameters()[index].ParameterType == typeof(CancellationToken)
        : index < invocation.ParameterTypes.Count && invocation.ParameterTypes[index].StartsWith(TokenType, StringComparison.Ordinal);

    private static string ShortTypeName(string storedName)
    {
        var name = storedName.Split(',')[0];
        return name[(name.LastIndexOf('.') + 1)..];
    }
}
