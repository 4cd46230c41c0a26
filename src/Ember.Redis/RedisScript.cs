using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Ember.Redis;

/// <summary>
/// One Lua script of the store: the shared functions (common.lua) followed by the operation's own file, with the SHA1
/// Redis knows it by. Run with EVALSHA; a NOSCRIPT reply (Redis restarted, or SCRIPT FLUSH) loads it again.
/// </summary>
internal sealed class RedisScript
{
    private RedisScript(string name, string text)
    {
        Name = name;
        Text = text;
        Sha1 = Hash(text);
    }

    /// <summary>The script's file name without extension, for error messages.</summary>
    public string Name { get; }

    /// <summary>The whole text sent with SCRIPT LOAD.</summary>
    public string Text { get; }

    /// <summary>The SHA1 of <see cref="Text"/>: what EVALSHA names.</summary>
    public byte[] Sha1 { get; }

    /// <summary>Reads an embedded script and prepends the shared functions.</summary>
    public static RedisScript Load(string name) => new(name, Read("common") + "\n" + Read(name));

    private static string Read(string name)
    {
        var resource = $"Ember.Redis.Scripts.{name}.lua";
        using var stream = typeof(RedisScript).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script {resource} is missing from Ember.Redis; the package is damaged.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "Redis names scripts by SHA1; not a security use.")]
    private static byte[] Hash(string text) => SHA1.HashData(Encoding.UTF8.GetBytes(text));
}
