namespace Ember;

/// <summary>The exception a parent job failed with, as a <see cref="FromExceptionAttribute"/> parameter receives it.</summary>
/// <param name="Type">The exception's full type name.</param>
/// <param name="Message">Its message.</param>
/// <param name="Details">Its full text, with the stack trace.</param>
public sealed record ExceptionInfo(string Type, string Message, string Details);
