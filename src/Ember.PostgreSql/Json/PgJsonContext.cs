using System.Text.Json.Serialization;

namespace Ember.PostgreSql.Json;

/// <summary>Writes the JSON layouts the store passes to its functions, without reflection; absent values left out.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobChangeJson))]
[JsonSerializable(typeof(JobChangeJson[]))]
[JsonSerializable(typeof(NewJobJson[]))]
[JsonSerializable(typeof(NewBatchJson[]))]
internal sealed partial class PgJsonContext : JsonSerializerContext;
