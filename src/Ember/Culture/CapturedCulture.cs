namespace Ember.Culture;

/// <summary>The culture names a job's invocation carries; null when they weren't captured.</summary>
internal readonly record struct CapturedCulture(string? Culture, string? UICulture)
{
    public bool IsCaptured => Culture is not null;
}
