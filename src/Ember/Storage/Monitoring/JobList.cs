namespace Ember.Storage.Monitoring;

/// <summary>A page of jobs as Hangfire's monitoring API returns it: job ids with their details, in list order.</summary>
/// <typeparam name="TDto">The details of a job in the listed state.</typeparam>
public sealed class JobList<TDto> : List<KeyValuePair<string, TDto>>
{
    /// <summary>Creates the list.</summary>
    public JobList(IEnumerable<KeyValuePair<string, TDto>> source)
        : base(source)
    {
    }
}
