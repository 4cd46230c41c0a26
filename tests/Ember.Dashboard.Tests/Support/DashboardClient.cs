using System.Net;
using System.Text.RegularExpressions;

namespace Ember.Dashboard.Tests.Support;

/// <summary>
/// Talks to the dashboard like a browser: keeps cookies, reads the antiforgery token from the last page, and posts
/// forms with it (or without it, to check the refusal).
/// </summary>
public sealed partial class DashboardClient(HttpClient http, string baseUrl) : IDisposable
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
    private string? _token;

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + path);
        using var response = await SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        if (TokenPattern().Match(body) is { Success: true } match) _token = WebUtility.HtmlDecode(match.Groups[1].Value);
        return (response.StatusCode, body);
    }

    public async Task<HttpResponseMessage> GetResponseAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, baseUrl + path);
        return await SendAsync(request);
    }

    /// <summary>Posts a form; with <paramref name="withToken"/> the token of the last page read is added.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        var all = fields.ToList();
        if (withToken)
            all.Add(new("__RequestVerificationToken", _token ?? throw new InvalidOperationException("Read a page first: the token comes from it.")));
        using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + path) { Content = new FormUrlEncodedContent(all) };
        return await SendAsync(request);
    }

    /// <summary>Follows a 303 from an action and returns the page it leads to.</summary>
    public async Task<string> FollowAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var path = location.StartsWith(new Uri(baseUrl).AbsolutePath, StringComparison.Ordinal) ? location[new Uri(baseUrl).AbsolutePath.Length..] : location;
        var (status, body) = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
            foreach (var cookie in cookies)
            {
                var pair = cookie.Split(';')[0].Split('=', 2);
                _cookies[pair[0]] = pair[1];
            }
        return response;
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
