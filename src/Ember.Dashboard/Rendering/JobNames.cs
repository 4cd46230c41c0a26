using System.Text.Json;

namespace Ember.Dashboard.Rendering;

/// <summary>
/// How a job is named in lists and on its page: its display name (<see cref="JobDisplayNameAttribute"/> or
/// <c>[DisplayName]</c>, arguments filled in) when it has one, else its method call.
/// </summary>
internal static class JobNames
{
    /// <summary>A list's cell: the display name with the call as its tooltip, or the call.</summary>
    public static Markup Cell(string invocation, JsonSerializerOptions? serializer)
    {
        var summary = InvocationView.Parse(invocation).Summary();
        return JobDisplayNames.Of(invocation, serializer) is { } name
            ? new Html().Add($"<span class=\"display-name\" title=\"{summary}\">{Format.Cut(name, 160)}</span>").ToMarkup()
            : new Html().Add($"<code>{summary}</code>").ToMarkup();
    }
}
