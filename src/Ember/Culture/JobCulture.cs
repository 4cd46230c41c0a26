using System.Collections.Concurrent;
using System.Collections.Frozen;
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

    // Every job carries its cultures, so their JSON is made once per culture name and read back once per stored value
    // (a few hundred cultures exist; unknown values are not kept).
    private static readonly ConcurrentDictionary<string, string> JsonByName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, CultureInfo> CultureByJson = new(StringComparer.Ordinal);

    // The parameters of a job that has no others: one frozen instance per pair of cultures, shared by every such job,
    // so that the stores write its JSON once (StoredValues.ParametersJson) instead of once per job.
    private static readonly ConcurrentDictionary<(string Culture, string UICulture), FrozenDictionary<string, string>> OnlyCultures = new();

    /// <summary>The parameters of a job that has no others: the current cultures, one frozen set per pair, shared.</summary>
    public static FrozenDictionary<string, string> Alone() =>
        OnlyCultures.GetOrAdd((CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name), static key => new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CultureParameter] = Json(key.Culture),
            [UICultureParameter] = Json(key.UICulture),
        }.ToFrozenDictionary(StringComparer.Ordinal));

    /// <summary>Adds the current cultures to a job's other parameters; ones a client filter set already stay.</summary>
    public static void AddTo(Dictionary<string, string> parameters)
    {
        parameters.TryAdd(CultureParameter, Json(CultureInfo.CurrentCulture.Name));
        parameters.TryAdd(UICultureParameter, Json(CultureInfo.CurrentUICulture.Name));
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
        if (CultureByJson.TryGetValue(json, out var known)) return known;
        try
        {
            if (JsonSerializer.Deserialize<string>(json) is not { } name) return null;
            return CultureByJson.GetOrAdd(json, CultureInfo.GetCultureInfo(name));
        }
        catch (Exception ex) when (ex is CultureNotFoundException or JsonException or ArgumentException)
        {
            Log.JobCultureUnknown(logger, jobId, parameter, json, ex.Message);
            return null;
        }
    }

    private static string Json(string cultureName) =>
        JsonByName.GetOrAdd(cultureName, static name => JsonSerializer.Serialize(name));

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
