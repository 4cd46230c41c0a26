namespace Ember.Storage;

/// <summary>The exception of a failed run, as stored.</summary>
/// <param name="Type">The exception's full type name.</param>
/// <param name="Message">The exception's message.</param>
/// <param name="Details">The whole exception text: stack trace and inner exceptions, without the runtime's reflection frames.</param>
public sealed record JobError(string Type, string Message, string Details)
{
    // Frames of MethodInfo.Invoke between the server and a synchronous job method: four lines in every stored trace
    // that say nothing about the job.
    private static readonly string[] ReflectionFrames =
    [
        "   at System.Reflection.MethodBaseInvoker.",
        "   at System.Reflection.RuntimeMethodInfo.Invoke(",
        "   at System.RuntimeMethodHandle.InvokeMethod(",
        "   at System.Reflection.MethodInvoker.",
    ];

    /// <summary>Captures an exception.</summary>
    public static JobError From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, WithoutReflectionFrames(exception.ToString()));
    }

    private static string WithoutReflectionFrames(string text)
    {
        if (!text.Contains("   at System.Reflection.", StringComparison.Ordinal) && !text.Contains("   at System.RuntimeMethodHandle.", StringComparison.Ordinal))
            return text;
        var kept = text.Split('\n').Where(line => !Array.Exists(ReflectionFrames, frame => line.StartsWith(frame, StringComparison.Ordinal)));
        return string.Join('\n', kept);
    }
}
