using System.Text.Json.Serialization;

namespace Ember.PostgreSql.Json;

/// <summary>A batch as create_batch reads it (Functions/create_batch.sql): the batches of a request, depth first.</summary>
internal sealed record NewBatchJson
{
    /// <summary>Its reserved id (NewBatch.Id); null when the store draws it.</summary>
    [JsonPropertyName("id")] public long? Id { get; init; }

    [JsonPropertyName("description")] public string? Description { get; init; }

    /// <summary>The position of its parent batch in the same array; null for the first.</summary>
    [JsonPropertyName("parent")] public int? Parent { get; init; }

    /// <summary>Its members: its jobs plus its nested batches.</summary>
    [JsonPropertyName("total")] public int Total { get; init; }
}
