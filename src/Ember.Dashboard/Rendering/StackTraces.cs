using System.Text.RegularExpressions;

namespace Ember.Dashboard.Rendering;

/// <summary>
/// Stack traces as the page shows them: " in /home/build/agent/_work/1/s/src/Orders/Checkout.cs:line 42" becomes
/// " in Checkout.cs:line 42". The build machine's directories say nothing to the reader and widen every line.
/// </summary>
internal static partial class StackTraces
{
    public static string TrimPaths(string? details) =>
        string.IsNullOrEmpty(details) ? "" : SourcePath().Replace(details, " in ${file}:line ${line}");

    // " in {directories}{file}:line {n}" at the end of a frame: the directories are everything up to the last / or \.
    [GeneratedRegex(@" in (?:[^\r\n]*[/\\])?(?<file>[^/\\\r\n]+):line (?<line>\d+)(?=\r?$)", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SourcePath();
}
