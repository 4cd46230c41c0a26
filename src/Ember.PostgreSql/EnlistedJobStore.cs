using Ember.Storage;
using Npgsql;

namespace Ember.PostgreSql;

/// <summary>
/// The store as seen from inside an application's transaction (<see cref="PostgreSqlJobStore.Enlist(NpgsqlTransaction)"/>):
/// jobs and batches are created on the application's connection, so they commit or roll back with its work; changes
/// of state and reads are the store's own. Notifications are sent by the database at the application's commit, and
/// never on rollback.
/// </summary>
internal sealed class EnlistedJobStore(PostgreSqlJobStore store, NpgsqlConnection connection) : IJobClientStore
{
    public IJobQueries Queries => store.Queries;

    public Task<CreateJobsResult> CreateJobsAsync(CreateJobsRequest request, CancellationToken cancellationToken = default) =>
        store.CreateJobsOnAsync(connection, request, cancellationToken);

    public Task<CreatedBatch> CreateBatchAsync(CreateBatchRequest request, CancellationToken cancellationToken = default) =>
        store.CreateBatchOnAsync(connection, request, cancellationToken);

    public Task<IReadOnlyList<string>> ReserveIdsAsync(ReserveIdsRequest request, CancellationToken cancellationToken = default) => store.ReserveIdsAsync(request, cancellationToken);
    public Task<bool> CancelBatchAsync(string batchId, CancellationToken cancellationToken = default) => store.CancelBatchAsync(batchId, cancellationToken);
    public Task<bool> ChangeStateAsync(ChangeStateRequest request, CancellationToken cancellationToken = default) => store.ChangeStateAsync(request, cancellationToken);
    public Task<int> ChangeStatesAsync(ChangeStatesRequest request, CancellationToken cancellationToken = default) => store.ChangeStatesAsync(request, cancellationToken);
}
