using Ember.Storage;
using StackExchange.Redis;

namespace Ember.Redis;

/// <summary>
/// Turns the errors the scripts raise into exceptions the application can act on. The scripts mark their errors:
/// <c>EMBERKEY key :: reason</c> when Redis refused a command on a key (WRONGTYPE: the key holds something Ember didn't
/// write; OOM, READONLY, NOPERM: the server's limits, role or permissions), <c>EMBERNOPARENT id</c> when a
/// continuation's parent is missing.
/// </summary>
internal static class RedisErrors
{
    private const string KeyMarker = "EMBERKEY ";
    private const string ParentMarker = "EMBERNOPARENT ";
    private const string NoBatchMarker = "EMBERNOBATCH ";
    private const string BatchDoneMarker = "EMBERBATCHDONE ";
    private const string NotReservedMarker = "EMBERNOTRESERVED ";
    private const string StageMarker = "EMBERSTAGE ";

    public static Exception Translate(string scriptName, string prefix, RedisServerException ex)
    {
        var message = ex.Message;
        var at = message.IndexOf(NoBatchMarker, StringComparison.Ordinal);
        if (at >= 0) return BatchNotFoundException.Missing(Word(message, at + NoBatchMarker.Length));
        at = message.IndexOf(BatchDoneMarker, StringComparison.Ordinal);
        if (at >= 0) return new BatchDoneMarkerException(StoredValues.ParseEnum<BatchState>(Word(message, at + BatchDoneMarker.Length), "a batch's field 'state'"));
        at = message.IndexOf(NotReservedMarker, StringComparison.Ordinal);
        if (at >= 0) return NewBatchRules.NotReserved(long.Parse(Word(message, at + NotReservedMarker.Length), System.Globalization.CultureInfo.InvariantCulture));
        at = message.IndexOf(StageMarker, StringComparison.Ordinal);
        if (at >= 0)
            return new InvalidOperationException($"The jobs staged for the batch ({message[(at + StageMarker.Length)..].Split(" (", 2)[0]} found) are incomplete or were given up: " +
                "the batch was not created and none of its jobs is visible; a server's pruner (DeleteExpiredJobs) deletes the staged jobs. Create the batch again with new ids.", ex);
        at = message.IndexOf(ParentMarker, StringComparison.Ordinal);
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
            return reason.StartsWith("WRONGTYPE", StringComparison.Ordinal)
                ? KeyError(key, reason, prefix, ex)
                : new InvalidOperationException($"Redis refused a command on key '{key}' in Ember's {scriptName} script: {reason}{Hint(reason)}", ex);
        }
        return new InvalidOperationException($"Redis failed running Ember's {scriptName} script: {message}{Hint(message)}", ex);
    }

    private static string Word(string message, int at) => message[at..].Split(' ', 2)[0];

    // What to do about the refusals an operator can cause; the others are reported as Redis worded them.
    private static string Hint(string reason) =>
        reason.StartsWith("OOM", StringComparison.Ordinal)
            ? " Redis is at its memory limit (maxmemory) and refuses writes: give it more memory, or keep finished jobs for less time (EmberOptions.JobExpiration). Nothing was changed; the call can be retried once there is room."
            : reason.StartsWith("READONLY", StringComparison.Ordinal)
                ? " The connection reached a read-only replica: point RedisStoreOptions.Configuration at the primary (or every node of a cluster)."
                // NOPERM outside scripts; inside them Redis 7.0 says "ERR The user executing the script can't run this command".
                : reason.StartsWith("NOPERM", StringComparison.Ordinal) || reason.Contains("can't run this command", StringComparison.Ordinal)
                    ? " The Redis user lacks a permission Ember needs: allow it the commands and keys under the store's prefix (docs/redis.md, \"ACL\")."
                    : "";

    public static InvalidOperationException KeyError(string key, string reason, string prefix, Exception? inner) => new(
        $"Redis key '{key}' does not hold what Ember expects ({reason}). Something other than Ember wrote under the key prefix '{prefix}'; " +
        $"give Ember a prefix of its own ({nameof(RedisStoreOptions)}.{nameof(RedisStoreOptions.KeyPrefix)}) or remove the key.",
        inner);
}

/// <summary>create_batch.lua's refusal of an attach to a finished batch; the store turns it into a <see cref="BatchFinishedException"/> naming the batch.</summary>
internal sealed class BatchDoneMarkerException(BatchState state) : Exception($"The batch finished ({state}).")
{
    public BatchState State { get; } = state;
}
