using System.Text.Json.Serialization;
using Ember.Storage;

namespace Ember.Redis;

/// <summary>Serializes the JSON values the store keeps (errors, servers, history entries) without reflection.</summary>
[JsonSerializable(typeof(JobError))]
[JsonSerializable(typeof(ServerInfo))]
[JsonSerializable(typeof(HistoryEntryJson))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
