using System.Globalization;
using System.Text;
using Ember.Dashboard.Rendering;
using Ember.Storage;
using Microsoft.AspNetCore.Http;

namespace Ember.Dashboard.Pages;

/// <summary>
/// What a page needs to render: the store's read side, the options, where the dashboard lives and the request's query.
/// Built from an HttpContext by the endpoints, or directly (benchmarks, tests), so that rendering costs no HTTP.
/// </summary>
internal sealed class DashboardContext
{
    public required IJobQueries Queries { get; init; }

    public required DashboardOptions Options { get; init; }

    /// <summary>The dashboard's absolute path without a trailing slash, e.g. "/ember" or "" (path base included).</summary>
    public required string Root { get; init; }

    /// <summary>The page's path below <see cref="Root"/>, with its query: where an action returns to.</summary>
    public required string PathAndQuery { get; init; }

    public IQueryCollection Query { get; init; } = QueryCollection.Empty;

    /// <summary>The antiforgery form field (name, value); null in read-only mode, where no form is rendered.</summary>
    public (string Name, string Value)? Antiforgery { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How job arguments are read (EmberOptions.SerializerOptions), for display names; null for the defaults.</summary>
    public System.Text.Json.JsonSerializerOptions? SerializerOptions { get; init; }

    public CancellationToken Aborted { get; init; }

    /// <summary>The statistics of the last minutes, for the live graph; null where nothing samples them (benchmarks).</summary>
    public Live.StatisticsHistory? History { get; init; }

    /// <summary>True when actions are shown: not read-only and a token is there to protect them.</summary>
    public bool CanAct => !Options.ReadOnly && Antiforgery is not null;

    public string? Param(string name) => Query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    public int IntParam(string name, int fallback, int min, int max) =>
        int.TryParse(Param(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, min, max) : fallback;

    /// <summary>An absolute URL of a dashboard page, with query parameters (null or empty values left out).</summary>
    public string Url(string path, params (string Name, string? Value)[] query)
    {
        var builder = new StringBuilder(Root).Append('/').Append(path.TrimStart('/'));
        var separator = '?';
        foreach (var (name, value) in query)
        {
            if (string.IsNullOrEmpty(value)) continue;
            builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return builder.ToString();
    }

    public string JobUrl(string id) => Url("job/" + Uri.EscapeDataString(id));

    /// <summary>The hidden fields every action form carries: the antiforgery token and where to come back to.</summary>
    public Markup FormFields()
    {
        if (Antiforgery is not { } token) return Markup.Empty;
        var html = new Html();
        html.Add($"<input type=\"hidden\" name=\"{token.Name}\" value=\"{token.Value}\"><input type=\"hidden\" name=\"return\" value=\"{PathAndQuery}\">");
        return html.ToMarkup();
    }
}
