using System.Globalization;

namespace Ember.Dashboard.Security;

/// <summary>
/// The rules for what a visitor types into the dashboard's filters (search text, queue, exception type), checked
/// before anything reaches the store, the same way on every store: PostgreSQL refuses a NUL character outright,
/// SQLite gives up on a LIKE pattern of megabytes, and no job id, queue, method name or type name holds a control
/// character anyway.
/// </summary>
internal static class DashboardInput
{
    /// <summary>The longest search text: more than any method name or argument fragment someone types.</summary>
    public const int MaxSearchLength = 200;

    /// <summary>The longest queue filter (queue names are at most 100 characters).</summary>
    public const int MaxQueueLength = 100;

    /// <summary>The longest exception type filter: a full type name, generic arguments included.</summary>
    public const int MaxExceptionTypeLength = 1000;

    /// <summary>What is wrong with one of a list's filters, or null when they can all be used.</summary>
    public static string? Problem(string? search, string? queue, string? exceptionType) =>
        Problem("search", search, MaxSearchLength) ?? Problem("queue filter", queue, MaxQueueLength) ?? Problem("exception filter", exceptionType, MaxExceptionTypeLength);

    /// <summary>What is wrong with one value, naming it, or null when it can be used.</summary>
    public static string? Problem(string what, string? value, int maxLength)
    {
        if (value is null) return null;
        if (value.Length > maxLength)
            return string.Create(CultureInfo.InvariantCulture,
                $"The {what} is {value.Length:N0} characters long; the limit is {maxLength:N0}. Use a shorter part of the text.");
        var at = IndexOfControl(value);
        return at < 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"The {what} holds a control character (U+{(int)value[at]:X4} at position {at + 1}); it may not contain control characters such as NUL, tab or a line break.");
    }

    /// <summary>True when a value (an id in a URL or a form) can't name anything: it holds a control character.</summary>
    public static bool HasControl(string? value) => value is not null && IndexOfControl(value) >= 0;

    private static int IndexOfControl(string value)
    {
        var at = value.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        return at >= 0 ? at : value.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
    }
}
