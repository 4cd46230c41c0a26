using System.Globalization;

namespace Ember;

/// <summary>
/// The name the dashboard shows for a job instead of its method call (Hangfire's attribute of the same name), with
/// <see cref="string.Format(IFormatProvider, string, object[])"/> placeholders for the job's arguments:
/// <c>[JobDisplayName("Send {0} to {1}")]</c>. <see cref="System.ComponentModel.DisplayNameAttribute"/> works the same
/// way. A format that fails to apply shows the method call instead; it never fails a page or the job.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public class JobDisplayNameAttribute : Attribute
{
    /// <summary>Names a job's method for the dashboard.</summary>
    /// <param name="displayName">The name, with <c>{0}</c>, <c>{1}</c>... for the job's arguments by position.</param>
    public JobDisplayNameAttribute(string displayName)
    {
        ArgumentNullException.ThrowIfNull(displayName);
        DisplayName = displayName;
    }

    /// <summary>The name, with argument placeholders.</summary>
    public string DisplayName { get; }

    /// <summary>The name with <paramref name="job"/>'s arguments filled in (in the current culture). Override for other formats.</summary>
    public virtual string Format(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return string.Format(CultureInfo.CurrentCulture, DisplayName, [.. job.Arguments]);
    }
}
