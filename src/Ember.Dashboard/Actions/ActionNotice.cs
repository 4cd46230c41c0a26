using System.Globalization;

namespace Ember.Dashboard.Actions;

/// <summary>What an action did, as the page it returns to shows it.</summary>
internal enum ActionDone { Requeued, Deleted, Triggered, Removed, Paused, Resumed, QueuePaused, QueueResumed, Cancelled, LimitSet, LimitRemoved }

/// <summary>Why an action did nothing.</summary>
internal enum ActionProblem
{
    /// <summary>The one job or recurring job named doesn't exist (a stale page, an expired job, a forged form).</summary>
    NotFound,

    /// <summary>No job was selected.</summary>
    Nothing,

    /// <summary>More jobs named than a page can hold.</summary>
    TooMany,

    /// <summary>The list a bulk action names isn't one the dashboard shows (an unknown state).</summary>
    Invalid,

    /// <summary>A filter of the list holds what no filter may (control characters, too long a search).</summary>
    BadFilter,

    /// <summary>A concurrency limit that can't be set: not a whole number of 1 or more, or an empty or too long key.</summary>
    BadLimit,
}

/// <summary>
/// The notice an action leaves in the URL it returns to, as codes in the query (never free text, so a link can't put
/// words on the page): <c>done=requeued&amp;n=3&amp;missed=1</c>, <c>error=notfound</c> or <c>op={id}</c>. The one
/// place that writes and reads them.
/// </summary>
internal readonly record struct ActionNotice
{
    private const string DoneParameter = "done";
    private const string CountParameter = "n";
    private const string MissedParameter = "missed";
    private const string OperationParameter = "op";
    private const string ErrorParameter = "error";

    /// <summary>Every query parameter a notice uses: a return path drops them, or two notices would show.</summary>
    public static readonly string[] Parameters = [DoneParameter, CountParameter, MissedParameter, OperationParameter, ErrorParameter];

    public ActionDone? Done { get; private init; }

    public int Count { get; private init; }

    public int Missed { get; private init; }

    /// <summary>Why the action did nothing; null for a code this version doesn't know (see <see cref="IsProblem"/>).</summary>
    public ActionProblem? Problem { get; private init; }

    /// <summary>True when the action did nothing, for a known reason or not.</summary>
    public bool IsProblem { get; private init; }

    /// <summary>The id of a bulk operation running in the background.</summary>
    public string? OperationId { get; private init; }

    public static ActionNotice Of(ActionDone done, int count, int missed) => new() { Done = done, Count = count, Missed = missed };

    public static ActionNotice Of(ActionProblem problem) => new() { Problem = problem, IsProblem = true };

    public static ActionNotice Started(BulkOperation operation) => new() { OperationId = operation.Id };

    /// <summary>The notice as query parameters.</summary>
    public string ToQuery() =>
        OperationId is { } op ? $"{OperationParameter}={Uri.EscapeDataString(op)}"
        : Problem is { } problem ? $"{ErrorParameter}={Code(problem)}"
        : string.Create(CultureInfo.InvariantCulture, $"{DoneParameter}={Code(Done!.Value)}&{CountParameter}={Count}&{MissedParameter}={Missed}");

    /// <summary>The notice a page's query carries, or null; unknown codes are ignored.</summary>
    public static ActionNotice? Read(Func<string, string?> param)
    {
        ArgumentNullException.ThrowIfNull(param);
        if (param(OperationParameter) is { } op) return new() { OperationId = op };
        if (param(ErrorParameter) is { } error)
            return new() { IsProblem = true, Problem = Enum.GetValues<ActionProblem>().Select(p => (ActionProblem?)p).FirstOrDefault(p => Code(p!.Value) == error) };
        if (param(DoneParameter) is not { } done || Enum.GetValues<ActionDone>().Where(d => Code(d) == done).Select(d => (ActionDone?)d).FirstOrDefault() is not { } kind)
            return null;
        return new() { Done = kind, Count = Number(param(CountParameter)), Missed = Number(param(MissedParameter)) };
    }

    /// <summary>What a problem means to the person who clicked; a code no version wrote gets a generic text.</summary>
    public static string Describe(ActionProblem? problem) => problem switch
    {
        ActionProblem.NotFound => "That job or recurring job doesn't exist (any more).",
        ActionProblem.Nothing => "Nothing was selected.",
        ActionProblem.TooMany => "Too many were selected at once; use the action on the whole list instead.",
        ActionProblem.Invalid => "The list to act on isn't valid; reload the page and try again.",
        ActionProblem.BadFilter => string.Create(CultureInfo.InvariantCulture,
            $"The list's filters can't be used: a search may have at most {Security.DashboardInput.MaxSearchLength} characters, and no filter may hold control characters (such as NUL or a line break). Change the search and try again."),
        ActionProblem.BadLimit => string.Create(CultureInfo.InvariantCulture,
            $"The limit wasn't set: give a key of 1 to {ConcurrencyLimit.MaxKeyLength} characters and a limit of 1 or more (runs of the key at once)."),
        _ => "The action couldn't be done.",
    };

    private static string Code(ActionDone done) => done.ToString().ToLowerInvariant();

    private static string Code(ActionProblem problem) => problem.ToString().ToLowerInvariant();

    private static int Number(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
