using System.Globalization;
using System.Text;

namespace Ember.Recurring;

internal static class RecurringJobId
{
    public const int MaxLength = 100;

    /// <summary>
    /// The rules for an id being defined (<c>AddOrUpdate</c>): those of <see cref="Validate"/>, and no control character.
    /// An id is shown in the dashboard and posted back by its forms, and browsers turn a newline in a form field into
    /// CRLF: a job with a newline (or NUL, or tab) in its id could be stored but never triggered or removed from there.
    /// </summary>
    public static string ValidateNew(string? id)
    {
        var valid = Validate(id);
        var at = valid.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        if (at < 0) at = valid.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        if (at >= 0)
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "Recurring job id \"{0}\" contains a control character (U+{1:X4} at position {2}); ", Escape(valid), (int)valid[at], at) +
                "an id may not contain control characters such as NUL, tab or newline. Use printable characters, e.g. \"nightly-cleanup\".", nameof(id));
        return valid;
    }

    /// <summary>The rules for any id, also one looked up (trigger, remove): not empty, at most <see cref="MaxLength"/> characters.</summary>
    public static string Validate(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
            throw new ArgumentException("A recurring job id can't be empty; use a stable name such as \"nightly-cleanup\".", nameof(id));
        if (id.Length > MaxLength)
            throw new ArgumentException($"Recurring job id \"{Escape(id[..20])}…\" is {id.Length} characters long; the limit is {MaxLength}.", nameof(id));
        return id;
    }

    /// <summary>The id as a C# literal would spell it: control characters escaped, so a message shows what is there.</summary>
    public static string Escape(string id)
    {
        var builder = new StringBuilder(id.Length + 8);
        foreach (var c in id)
        {
            _ = c switch
            {
                '\0' => builder.Append("\\0"),
                '\t' => builder.Append("\\t"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\\' => builder.Append("\\\\"),
                '"' => builder.Append("\\\""),
                _ when char.IsControl(c) => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => builder.Append(c),
            };
        }
        return builder.ToString();
    }
}
