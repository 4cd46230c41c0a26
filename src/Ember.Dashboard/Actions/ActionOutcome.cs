namespace Ember.Dashboard.Actions;

/// <summary>
/// Where an action sends the browser next: the page it came from, with codes (never free text) saying what happened,
/// which the layout turns into a notice.
/// </summary>
internal static class ActionOutcome
{
    /// <summary>The longest return path kept whole: longer ones (a forged form) lose their query, or go to the overview.</summary>
    internal const int MaxReturnPathLength = 2048;

    /// <summary>
    /// The page to return to, below the dashboard's root: only a local path is accepted (no open redirect), with its
    /// dot segments resolved and kept inside the root, so that "/../../evil" can't climb out of the dashboard once the
    /// browser resolves the URL.
    /// </summary>
    public static string ReturnPath(string? requested)
    {
        if (string.IsNullOrEmpty(requested) || requested[0] != '/' || requested.StartsWith("//", StringComparison.Ordinal)
            || requested.Contains('\\', StringComparison.Ordinal) || requested.Any(char.IsControl))
            return "/";
        var question = requested.IndexOf('?', StringComparison.Ordinal);
        var path = Normalize(question < 0 ? requested : requested[..question]);
        if (path.Length > MaxReturnPathLength) return "/";
        if (question < 0) return path;
        // Drop the previous action's notice, or two would show.
        var kept = requested[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !ActionNotice.Parameters.Contains(p.Split('=')[0], StringComparer.Ordinal));
        var query = string.Join('&', kept);
        return query.Length == 0 || path.Length + query.Length + 1 > MaxReturnPathLength ? path : $"{path}?{query}";
    }

    public static string With(string root, string returnPath, ActionNotice notice) =>
        root + returnPath + (returnPath.Contains('?', StringComparison.Ordinal) ? "&" : "?") + notice.ToQuery();

    /// <summary>
    /// Resolves "." and ".." segments (also percent-encoded, as browsers read them) without ever going above the root,
    /// and drops empty segments, so the result starts with exactly one slash.
    /// </summary>
    private static string Normalize(string path)
    {
        var segments = new List<string>();
        var parts = path.Split('/');
        var trailingSlash = false;
        foreach (var part in parts)
        {
            trailingSlash = part.Length == 0 || IsDot(part) || IsDotDot(part);
            if (part.Length == 0 || IsDot(part)) continue;
            if (IsDotDot(part))
            {
                if (segments.Count > 0) segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(part);
        }
        if (segments.Count == 0) return "/";
        return "/" + string.Join('/', segments) + (trailingSlash ? "/" : "");
    }

    private static bool IsDot(string segment) => segment == "." || segment.Equals("%2e", StringComparison.OrdinalIgnoreCase);

    private static bool IsDotDot(string segment) =>
        segment.Replace("%2e", ".", StringComparison.OrdinalIgnoreCase) == "..";
}
