using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Ember.Storage;
using Microsoft.Extensions.Logging;

namespace Ember.Culture;

/// <summary>
/// The enqueuer's cultures, put back around a job's run so that formatting and resources in a job read as they did in
/// the request that enqueued it. The client stores them with the invocation (<see cref="Invocations.Invocation.Culture"/>);
/// the parameters Hangfire uses (CurrentCulture, CurrentUICulture, each a culture name as a JSON string) still win
/// when present: a client filter may set them, and jobs stored before the cultures moved into the invocation carry them.
/// </summary>
internal static class JobCulture
{
    public const string CultureParameter = "CurrentCulture";
    public const string UICultureParameter = "CurrentUICulture";

    // Every job names its cultures, so each name is looked up once (a few hundred cultures exist; unknown names are not
    // kept).
    private static readonly ConcurrentDictionary<string, CultureInfo> CultureByName = new(StringComparer.Ordinal);

    /// <summary>
    /// Switches the current cultures to the job's until the returned scope is disposed: the parameters' when set, else
    /// the invocation's. A culture this machine doesn't know is logged and the job runs in the server's culture: a
    /// missing culture is no reason to fail work that may not even format anything.
    /// </summary>
    public static Scope Enter(CapturedCulture captured, IReadOnlyDictionary<string, string> parameters, string jobId, ILogger logger)
    {
        var scope = new Scope(CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        if ((FromParameter(parameters, CultureParameter, jobId, logger) ?? FromName(captured.Culture, CultureParameter, jobId, logger)) is { } culture)
            CultureInfo.CurrentCulture = culture;
        if ((FromParameter(parameters, UICultureParameter, jobId, logger) ?? FromName(captured.UICulture, UICultureParameter, jobId, logger)) is { } uiCulture)
            CultureInfo.CurrentUICulture = uiCulture;
        return scope;
    }

    private static CultureInfo? FromName(string? name, string what, string jobId, ILogger logger)
    {
        if (name is null) return null;
        if (CultureByName.TryGetValue(name, out var known)) return known;
        try
        {
            return CultureByName.GetOrAdd(name, CultureInfo.GetCultureInfo(name));
        }
        catch (Exception ex) when (ex is CultureNotFoundException or ArgumentException)
        {
            Log.JobCultureUnknown(logger, jobId, what, name, ex.Message);
            return null;
        }
    }

    // A parameter holds the name as a JSON string (Hangfire's form).
    private static CultureInfo? FromParameter(IReadOnlyDictionary<string, string> parameters, string parameter, string jobId, ILogger logger)
    {
        if (!parameters.TryGetValue(parameter, out var json)) return null;
        try
        {
            return FromName(JsonSerializer.Deserialize<string>(json), parameter, jobId, logger);
        }
        catch (JsonException ex)
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
