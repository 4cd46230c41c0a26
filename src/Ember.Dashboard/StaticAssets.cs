using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Ember.Dashboard;

/// <summary>
/// The stylesheet and script, embedded in the assembly and served under a name that carries a hash of their content
/// (<c>assets/ember.3f2a9c1b.css</c>): browsers may cache them for a year, and a new version gets a new name.
/// </summary>
internal sealed class StaticAssets
{
    public static readonly StaticAssets Css = Load("ember.css", "text/css; charset=utf-8");
    public static readonly StaticAssets Js = Load("ember.js", "text/javascript; charset=utf-8");

    private StaticAssets(string path, byte[] content, string contentType, string etag)
    {
        Path = path;
        Content = content;
        ContentType = contentType;
        ETag = etag;
    }

    /// <summary>The path below the dashboard's root, hash included.</summary>
    public string Path { get; }

    public byte[] Content { get; }

    public string ContentType { get; }

    public string ETag { get; }

    public static StaticAssets? Find(string file) =>
        file == Css.Path[7..] ? Css : file == Js.Path[7..] ? Js : null;

    public Task WriteAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.Headers.ETag = ETag;
        if (context.Request.Headers.IfNoneMatch == ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.ContentType = ContentType;
        response.ContentLength = Content.Length;
        response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return response.Body.WriteAsync(Content, context.RequestAborted).AsTask();
    }

    private static StaticAssets Load(string name, string contentType)
    {
        using var stream = typeof(StaticAssets).Assembly.GetManifestResourceStream("Ember.Dashboard.Assets." + name)
            ?? throw new InvalidOperationException($"The dashboard's embedded {name} is missing from Ember.Dashboard.dll.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var content = memory.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..12];
        var dot = name.LastIndexOf('.');
        return new StaticAssets($"assets/{name[..dot]}.{hash}{name[dot..]}", content, contentType, $"\"{hash}\"");
    }
}
