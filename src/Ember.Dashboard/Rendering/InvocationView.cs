using System.Text;
using System.Text.Json;
using Ember.Invocations;

namespace Ember.Dashboard.Rendering;

/// <summary>
/// A stored invocation made readable: <c>EmailSender.SendWelcomeAsync("ada@example.com", CancellationToken)</c>, with
/// C# type names and each argument's JSON. A corrupt invocation still renders (as its raw text) rather than failing
/// the page: the dashboard is where someone goes to find out what went wrong.
/// </summary>
internal sealed record InvocationView(string TypeName, string ShortTypeName, string Method, IReadOnlyList<InvocationView.Argument> Arguments, string? Raw)
{
    /// <summary>The cultures the job was enqueued in (<see cref="Invocation.Culture"/>); null when not captured.</summary>
    public string? Culture { get; init; }

    /// <inheritdoc cref="Invocation.UICulture"/>
    public string? UICulture { get; init; }

    /// <summary>
    /// One argument: the parameter's name (null when this process can't load the method), its C# type and the value as
    /// JSON (indented when it is an object or array).
    /// </summary>
    public sealed record Argument(string? Name, string Type, string Value, bool IsToken);

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["System.Boolean"] = "bool", ["System.Byte"] = "byte", ["System.SByte"] = "sbyte", ["System.Char"] = "char",
        ["System.Int16"] = "short", ["System.UInt16"] = "ushort", ["System.Int32"] = "int", ["System.UInt32"] = "uint",
        ["System.Int64"] = "long", ["System.UInt64"] = "ulong", ["System.Single"] = "float", ["System.Double"] = "double",
        ["System.Decimal"] = "decimal", ["System.String"] = "string", ["System.Object"] = "object",
    };

    // Relaxed escaping: the JSON is for reading ("<b>" rather than "\u003Cb\u003E"); the page HTML-encodes it anyway.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compacted = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Reads a stored invocation; never throws. With <paramref name="withNames"/>, the arguments get their parameters'
    /// names when the method can be loaded (see <see cref="ParameterNames"/>); lists don't need them.
    /// </summary>
    public static InvocationView Parse(string json, bool withNames = false)
    {
        Invocation invocation;
        try
        {
            invocation = Invocation.Parse(json);
        }
        catch (JobLoadException)
        {
            return new("?", "?", "?", [], json);
        }
        var names = withNames ? ParameterNames.Of(invocation) : null;
        var arguments = new List<Argument>(invocation.Arguments.Count);
        for (var i = 0; i < invocation.Arguments.Count; i++)
        {
            var type = i < invocation.ParameterTypes.Count ? ShortName(invocation.ParameterTypes[i]) : "?";
            var isToken = type == "CancellationToken";
            var value = invocation.Arguments[i];
            var text = JsonSerializer.Serialize(value, value.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? Indented : Compacted);
            arguments.Add(new(names is not null && i < names.Count ? names[i] : null, type, text, isToken));
        }
        var method = invocation.GenericArguments.Count == 0
            ? invocation.Method
            : $"{invocation.Method}<{string.Join(", ", invocation.GenericArguments.Select(ShortName))}>";
        return new(TopLevelName(invocation.Type), ShortName(invocation.Type), method, arguments, null) { Culture = invocation.Culture, UICulture = invocation.UICulture };
    }

    /// <summary>The call on one line, arguments compacted: for lists.</summary>
    public string Summary(int maxLength = 160)
    {
        if (Raw is not null) return Format.Cut(Raw, maxLength);
        var builder = new StringBuilder(ShortTypeName).Append('.').Append(Method).Append('(');
        for (var i = 0; i < Arguments.Count; i++)
        {
            if (i > 0) builder.Append(", ");
            builder.Append(Arguments[i].IsToken ? "CancellationToken" : Compact(Arguments[i].Value));
        }
        return Format.Cut(builder.Append(')').ToString(), maxLength);
    }

    private static string Compact(string json) =>
        json.Contains('\n', StringComparison.Ordinal) ? JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, Compacted) : json;

    /// <summary>A stored type name as C# would write it, without namespaces: <c>List&lt;int&gt;</c>, <c>Mailer</c>.</summary>
    public static string ShortName(string stored)
    {
        var name = TopLevelName(stored);
        if (Aliases.TryGetValue(name, out var alias)) return alias;
        var lastOpen = name.LastIndexOf('[');
        if (lastOpen > 0 && name.EndsWith(']') && name.AsSpan(lastOpen + 1, name.Length - lastOpen - 2).Trim(',').IsEmpty)
            return ShortName(name[..lastOpen]) + name[lastOpen..]; // an array: the element, then "[]" or "[,]"
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            var open = name.IndexOf('[', tick);
            var definition = Simple(name[..tick]);
            var arguments = open < 0 ? [] : SplitTopLevel(name[(open + 1)..^1]).Select(a => ShortName(Unwrap(a.Trim()))).ToArray();
            return definition == "Nullable" && arguments.Length == 1 ? arguments[0] + "?" : $"{definition}<{string.Join(", ", arguments)}>";
        }
        return Simple(name);
    }

    private static string Unwrap(string argument) =>
        argument.StartsWith('[') && argument.EndsWith(']') ? argument[1..^1] : argument;

    private static string Simple(string fullName) => fullName[(fullName.LastIndexOfAny(['.', '+']) + 1)..];

    /// <summary>The type's full name without its assembly: the part before the first comma outside brackets.</summary>
    private static string TopLevelName(string stored)
    {
        var depth = 0;
        for (var i = 0; i < stored.Length; i++)
        {
            switch (stored[i])
            {
                case '[': depth++; break;
                case ']': depth--; break;
                case ',' when depth == 0: return stored[..i].Trim();
            }
        }
        return stored.Trim();
    }

    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '[') depth++;
            else if (text[i] == ']') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }
}
