using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

/// <summary>
/// Turns the errors the scripts raise into exceptions the application can act on. The scripts mark their errors:
/// <c>EMBERKEY key :: reason</c> when a key holds something Ember didn't write, <c>EMBERNOPARENT id</c> when a
/// continuation's parent is missing.
/// </summary>
internal static class RedisErrors
{
    private const string KeyMarker = "EMBERKEY ";
    private const string ParentMarker = "EMBERNOPARENT ";

    public static Exception Translate(string scriptName, string prefix, RedisServerException ex)
    {
        var message = ex.Message;
        var at = message.IndexOf(ParentMarker, StringComparison.Ordinal);
        if (at >= 0)
        {
            var id = message[(at + ParentMarker.Length)..].Split(' ', 2)[0];
            return JobNotFoundException.Parent(id);
        }
        at = message.IndexOf(KeyMarker, StringComparison.Ordinal);
        if (at >= 0)
        {
            var rest = message[(at + KeyMarker.Length)..];
            var split = rest.IndexOf(" :: ", StringComparison.Ordinal);
            var key = split >= 0 ? rest[..split] : rest;
            var reason = split >= 0 ? rest[(split + 4)..] : message;
            return KeyError(key, reason, prefix, ex);
        }
        return new InvalidOperationException($"Redis failed running Ember's {scriptName} script: {message}", ex);
    }

    public static InvalidOperationException KeyError(string key, string reason, string prefix, Exception? inner) => new(
        $"Redis key '{key}' does not hold what Ember expects ({reason}). Something other than Ember wrote under the key prefix '{prefix}'; " +
        $"give Ember a prefix of its own ({nameof(RedisStoreOptions)}.{nameof(RedisStoreOptions.KeyPrefix)}) or remove the key.",
        inner);
}
