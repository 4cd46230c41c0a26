using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Ember.Invocations;

namespace Ember;

/// <summary>
/// Reads a job's display name from <see cref="JobDisplayNameAttribute"/> or <see cref="DisplayNameAttribute"/> on its
/// method, as the dashboard shows it. Never throws: a job without one, whose method can't be loaded here or whose
/// format doesn't fit its arguments has none (null), and the caller shows the method call.
/// </summary>
public static class JobDisplayNames
{
    private static readonly ConcurrentDictionary<MethodInfo, Attribute?> Attributes = new();
    private static readonly ConditionalWeakTable<JsonSerializerOptions, InvocationBinder> Binders = new();
    private static readonly JsonSerializerOptions DefaultSerializerOptions = new(JsonSerializerDefaults.General);

    /// <summary>The display name of <paramref name="job"/>, or null.</summary>
    public static string? Of(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return AttributeOf(job.Method) is { } attribute ? Format(attribute, job) : null;
    }

    /// <summary>
    /// The display name of a stored invocation (<see cref="Storage.JobInfo.Invocation"/>), its arguments read with
    /// <paramref name="serializerOptions"/> (<see cref="EmberOptions.SerializerOptions"/>); null when it has none.
    /// The arguments are read only for a method that has a display name.
    /// </summary>
    public static string? Of(string storedInvocation, JsonSerializerOptions? serializerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(storedInvocation);
        var binder = Binders.GetValue(serializerOptions ?? DefaultSerializerOptions, static options => new InvocationBinder(options));
        try
        {
            if (AttributeOf(binder.FindMethod(Invocation.Parse(storedInvocation)).Method) is not { } attribute) return null;
            return Format(attribute, binder.Bind(storedInvocation));
        }
        catch (JobLoadException)
        {
            return null;
        }
    }

    private static Attribute? AttributeOf(MethodInfo method) => Attributes.GetOrAdd(method, static m =>
        (Attribute?)m.GetCustomAttribute<JobDisplayNameAttribute>(inherit: true) ?? m.GetCustomAttribute<DisplayNameAttribute>(inherit: true));

    // A format that doesn't fit (a bad placeholder, an argument's ToString throwing) must not fail a page: no name then.
    private static string? Format(Attribute attribute, Job job)
    {
        try
        {
            return attribute is JobDisplayNameAttribute named
                ? named.Format(job)
                : string.Format(CultureInfo.CurrentCulture, ((DisplayNameAttribute)attribute).DisplayName, [.. job.Arguments]);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }
}
