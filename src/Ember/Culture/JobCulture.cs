using System.Globalization;
using System.Text.Json;
using Ember.Storage;
using Microsoft.Extensions.Logging;

namespace Ember.Culture;

/// <summary>
/// The enqueuer's cultures, stored with a job as the parameters Hangfire uses (CurrentCulture, CurrentUICulture, each a
/// culture name as a JSON string) and put back around the job's run, so that formatting and resources in a job read as
/// they did in the request that enqueued it.
/// </summary>
internal static class JobCulture
{
    public const string CultureParameter = "CurrentCulture";
    public const string UICultureParameter = "CurrentUICulture";

    /// <summary>The job with the current cultures among its parameters; ones a client filter set already stay.</summary>
    public static NewJob Capture(NewJob job)
    {
        var parameters = job.Parameters is { } given ? new Dictionary<string, string>(given, StringComparer.Ordinal) : new Dictionary<string, string>(2, StringComparer.Ordinal);
        parameters.TryAdd(CultureParameter, JsonSerializer.Serialize(CultureInfo.CurrentCulture.Name));
        parameters.TryAdd(UICultureParameter, JsonSerializer.Serialize(CultureInfo.CurrentUICulture.Name));
        return job with { Parameters = parameters };
    }

    /// <summary>
    /// Switches the current cultures to those stored with the job, if any, until the returned scope is disposed. A
    /// culture this machine doesn't know is logged and the job runs in the server's culture: a missing culture is no
    /// reason to fail work that may not even format anything.
    /// </summary>
    public static Scope Enter(IReadOnlyDictionary<string, string> parameters, string jobId, ILogger logger)
    {
        var scope = new Scope(CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        if (Find(parameters, CultureParameter, jobId, logger) is { } culture) CultureInfo.CurrentCulture = culture;
        if (Find(parameters, UICultureParameter, jobId, logger) is { } uiCulture) CultureInfo.CurrentUICulture = uiCulture;
        return scope;
    }

    private static CultureInfo? Find(IReadOnlyDictionary<string, string> parameters, string parameter, string jobId, ILogger logger)
    {
        if (!parameters.TryGetValue(parameter, out var json)) return null;
        try
        {
            return JsonSerializer.Deserialize<string>(json) is { } name ? CultureInfo.GetCultureInfo(name) : null;
        }
        catch (Exception ex) when (ex is CultureNotFoundException or JsonException or ArgumentException)
        {
            Log.JobCultureUnknown(logger, jobId, parameter, json, ex.Message);
            return null;
        }
    }

    /// <summary>Puts the cultures in place before the run back.</summary>
    public readonly record struct Scope(CultureInfo Culture, CultureInfo UICulture) : IDisposable
    {
        public void Dispose()
        {
            CultureInfo.CurrentCulture = Culture;
            CultureInfo.CurrentUICulture = UICulture;
        }
    }
}
