namespace Ember.Storage;

/// <summary>Failed jobs that share the type of their last exception.</summary>
/// <param name="ExceptionType">The exception's full type name; null for jobs that failed without one.</param>
/// <param name="Count">How many Failed jobs have it.</param>
public sealed record FailureGroup(string? ExceptionType, long Count);
