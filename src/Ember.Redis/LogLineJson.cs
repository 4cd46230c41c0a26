using System.Text.Json.Serialization;

namespace Ember.Redis;

/// <summary>One line of a job's log as the store keeps it in the job's log list: when (ms since the epoch) and the text.</summary>
internal sealed record LogLineJson([property: JsonPropertyName("t")] long At, [property: JsonPropertyName("x")] string Text);
