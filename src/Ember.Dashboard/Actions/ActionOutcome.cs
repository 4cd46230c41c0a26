namespace Ember.Dashboard.Actions;

/// <summary>
/// Where an action sends the browser next: the page it came from, with codes (never free text) saying what happened,
/// which the layout turns into a notice.
/// </summary>
internal static class ActionOutcome
{
    /// <summary>The page to return to, below the dashboard's root: only a local path is accepted (no open redirect).</summary>
    public static string ReturnPath(string? requested)
    {
        if (string.IsNullOrEmpty(requested) || requested[0] != '/' || requested.StartsWith("//", StringComparison.Ordinal)
            || requested.Contains('\\', StringComparison.Ordinal) || requested.Any(char.IsControl))
            return "/";
        // Drop the previous action's notice, or two would show.
        var question = requested.IndexOf('?', StringComparison.Ordinal);
        if (question < 0) return requested;
        var kept = requested[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !ActionNotice.Parameters.Contains(p.Split('=')[0], StringComparer.Ordinal));
        var query = string.Join('&', kept);
        return query.Length == 0 ? requested[..question] : $"{requested[..question]}?{query}";
    }

    public static string With(string root, string returnPath, ActionNotice notice) =>
        root + returnPath + (returnPath.Contains('?', StringComparison.Ordinal) ? "&" : "?") + notice.ToQuery();
}
