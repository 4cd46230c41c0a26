using System.Globalization;
using System.Reflection;
using System.Text;

namespace Ember;

/// <summary>
/// A key built from a job's arguments: <c>"invoice:{0}"</c> (by position) or <c>"invoice:{invoiceId}"</c> (by
/// parameter name), as the attributes of flow control take it. <c>{{</c> and <c>}}</c> stand for braces. Arguments are
/// written with the invariant culture; null as an empty string.
/// </summary>
internal static class KeyTemplate
{
    /// <summary>The key for <paramref name="job"/>.</summary>
    /// <exception cref="ArgumentException">The template names an argument the method doesn't have, or is malformed; the message says which and lists the parameters.</exception>
    public static string Format(string template, Job job, string attributeName)
    {
        var parameters = job.Method.GetParameters();
        var key = new StringBuilder(template.Length + 16);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{') { key.Append('{'); i++; continue; }
            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}') { key.Append('}'); i++; continue; }
            if (c == '}') throw Malformed(template, job, attributeName, "a '}' that closes nothing (write '}}' for a brace)");
            if (c != '{') { key.Append(c); continue; }
            var end = template.IndexOf('}', i + 1);
            if (end < 0) throw Malformed(template, job, attributeName, "a '{' that is never closed (write '{{' for a brace)");
            var name = template[(i + 1)..end];
            key.Append(Text(job.Arguments[IndexOf(name, parameters, template, job, attributeName)]));
            i = end;
        }
        return key.ToString();
    }

    private static int IndexOf(string placeholder, ParameterInfo[] parameters, string template, Job job, string attributeName)
    {
        if (int.TryParse(placeholder, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < parameters.Length) return index;
        for (var i = 0; i < parameters.Length; i++)
            if (string.Equals(parameters[i].Name, placeholder, StringComparison.Ordinal)) return i;
        var list = parameters.Length == 0 ? "it has none" : "it has " + string.Join(", ", parameters.Select((p, i) => $"{{{p.Name}}} or {{{i}}}"));
        throw new ArgumentException(
            $"The key template \"{template}\" of {attributeName} on {job} names {{{placeholder}}}, but {job} has no parameter of that name or position: {list}. " +
            "Fix the template, or give the key at enqueue instead.", nameof(template));
    }

    private static ArgumentException Malformed(string template, Job job, string attributeName, string what) =>
        new($"The key template \"{template}\" of {attributeName} on {job} has {what}.", nameof(template));

    private static string Text(object? argument) => argument switch
    {
        null => "",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => argument.ToString() ?? "",
    };
}
