using Ember.Storage;

namespace Ember.PostgreSql;

// Paused queues and paused recurring jobs.
public sealed partial class PostgreSqlJobStore
{
    /// <inheritdoc />
    public async Task<bool> SetQueuePausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Name, nameof(request));
        if (request.Paused)
        {
            await using var pause = await CommandAsync(_sql.PauseQueue, cancellationToken).ConfigureAwait(false);
            pause.Add(request.Name).Add(PgValues.ToDb(_time.GetUtcNow()));
            return await pause.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
        await using var resume = await CommandAsync(_sql.ResumeQueue, cancellationToken).ConfigureAwait(false);
        resume.Add(request.Name);
        return (long)(await resume.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! == 1;
    }

    /// <inheritdoc />
    public async Task<bool> SetRecurringJobPausedAsync(SetPausedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (PgValues.HasNul(request.Name)) return false; // PostgreSQL text can't hold NUL: no stored id has one
        await using var command = await CommandAsync(_sql.SetRecurringPaused, cancellationToken).ConfigureAwait(false);
        command.Add(request.Name).Add(request.Paused);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
