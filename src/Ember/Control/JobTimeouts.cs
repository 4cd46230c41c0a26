using System.Globalization;

namespace Ember;

/// <summary>
/// Where a run's time limit comes from, first found wins: the job's <see cref="Parameter"/> (set at enqueue by
/// <see cref="EnqueueOptions.Timeout"/>), its <see cref="JobTimeoutAttribute"/>, the server's JobTimeout.
/// </summary>
internal static class JobTimeouts
{
    /// <summary>The job parameter that holds an enqueue's timeout, in seconds (a JSON number).</summary>
    public const string Parameter = "Timeout";

    /// <summary>The longest limit accepted: as <see cref="ServerOptions"/>' durations.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(30);

    public static string Write(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero || timeout > Max)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, $"EnqueueOptions.Timeout must be positive and at most {Max.TotalDays:0} days; leave it null for the method's [JobTimeout] or the server's JobTimeout.");
        return timeout.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);
    }

    public static TimeSpan? For(Job job, IReadOnlyDictionary<string, string>? parameters, TimeSpan? serverDefault) =>
        FromParameter(parameters) ?? JobTimeoutAttribute.Of(job) ?? serverDefault;

    // A value no Ember wrote (edited by hand) is ignored rather than failing the run.
    private static TimeSpan? FromParameter(IReadOnlyDictionary<string, string>? parameters) =>
        parameters is not null && parameters.TryGetValue(Parameter, out var text)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
        && seconds > 0 && seconds <= Max.TotalSeconds
            ? TimeSpan.FromSeconds(seconds) : null;
}
