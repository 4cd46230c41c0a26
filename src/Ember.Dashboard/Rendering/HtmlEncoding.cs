using System.Text;

namespace Ember.Dashboard.Rendering;

/// <summary>
/// Strict HTML encoding for text and attribute values: the five characters that can end a text run or a quoted
/// attribute are replaced, everything else (any script, any language) is kept as is, so stored text reads naturally.
/// </summary>
internal static class HtmlEncoding
{
    /// <summary>Appends <paramref name="text"/> encoded for use in element content or a double- or single-quoted attribute.</summary>
    public static void Append(StringBuilder builder, ReadOnlySpan<char> text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var replacement = text[i] switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '"' => "&quot;",
                '\'' => "&#39;",
                // NUL can confuse parsers; nothing a job stores needs it shown.
                '\0' => "\uFFFD",
                _ => null,
            };
            if (replacement is null) continue;
            builder.Append(text[start..i]).Append(replacement);
            start = i + 1;
        }
        builder.Append(text[start..]);
    }

    /// <summary>Encodes a whole string.</summary>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var builder = new StringBuilder(text.Length + 16);
        Append(builder, text);
        return builder.ToString();
    }
}
