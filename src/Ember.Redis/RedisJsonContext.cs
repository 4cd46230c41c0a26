using System.Text.Json.Serialization;
using Ember.Storage;

namespace Ember.Redis;

/// <summary>
/// Serializes the JSON values the store keeps (errors, servers, history entries) and the layouts it passes to its
/// scripts (changes, new jobs), without reflection; absent values left out.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobError))]
[JsonSerializable(typeof(ServerInfo))]
[JsonSerializable(typeof(HistoryEntryJson))]
[JsonSerializable(typeof(LogLineJson))]
[JsonSerializable(typeof(RedisChange))]
[JsonSerializable(typeof(RedisChange[]))]
[JsonSerializable(typeof(RedisNewJob[]))]
[JsonSerializable(typeof(RedisNewBatch))]
[JsonSerializable(typeof(RedisStagedJobs))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
