namespace Ember;

/// <summary>
/// Marks a job method's parameter that receives one of the job's parameters when the job runs (Hangfire 1.8's
/// attribute): a value stored with <c>SetJobParameter</c> by a client filter (<see cref="CreatingContext"/>)
/// or an earlier run (<see cref="Server.PerformContext"/>), read as the parameter's type. Pass any value at enqueue (e.g. <c>null</c>); it is replaced when the job runs. A job
/// parameter that was never set gives the type's default.
/// </summary>
/// <param name="parameterName">The job parameter's name.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromParameterAttribute(string parameterName) : Attribute
{
    /// <summary>The job parameter's name.</summary>
    public string ParameterName { get; } = !string.IsNullOrEmpty(parameterName)
        ? parameterName
        : throw new ArgumentException("[FromParameter] needs the name of the job parameter to read, e.g. [FromParameter(\"tenant\")].", nameof(parameterName));
}
