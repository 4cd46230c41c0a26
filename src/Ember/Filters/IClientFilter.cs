namespace Ember;

/// <summary>Runs around job creation in the client.</summary>
public interface IClientFilter : IJobFilter
{
    /// <summary>Before the job is stored: may change its queue or schedule. Throw to refuse the job (nothing is stored).</summary>
    ValueTask OnCreatingAsync(CreatingContext context);

    /// <summary>After the job is stored, with its id.</summary>
    ValueTask OnCreatedAsync(CreatedContext context);
}
