namespace Ember;

/// <summary>
/// Attribute names on Ember's spans and metrics: OpenTelemetry's messaging conventions where they name the concept,
/// "ember." ones for the rest.
/// </summary>
internal static class EmberTags
{
    public const string MessagingSystem = "messaging.system";
    public const string OperationType = "messaging.operation.type";
    public const string OperationName = "messaging.operation.name";
    public const string Destination = "messaging.destination.name";
    public const string MessageId = "messaging.message.id";
    public const string BatchCount = "messaging.batch.message_count";
    public const string ClientId = "messaging.client.id";
    public const string ErrorType = "error.type";

    public const string JobId = "ember.job.id";
    public const string Queue = "ember.job.queue";
    public const string Attempt = "ember.job.attempt";
    public const string Method = "ember.job.method";
    public const string Outcome = "ember.job.outcome";
    public const string State = "ember.job.state";

    public const string ServerName = "ember.server.name";

    public const string StoreName = "ember.store.name";
    public const string StoreOperation = "ember.store.operation";
    public const string StoreBatchSize = "ember.store.batch.size";
    public const string StoreResultCount = "ember.store.result.count";
}
