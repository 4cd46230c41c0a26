using System.Text.Json.Serialization;

namespace Ember.Sqlite;

/// <summary>Serializes a server's queue list for the servers.queues column without reflection.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
