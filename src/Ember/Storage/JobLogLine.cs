namespace Ember.Storage;

/// <summary>One line a job wrote to its log (<see cref="Server.PerformContext.WriteLine(string)"/>).</summary>
/// <param name="At">When it was written.</param>
/// <param name="Text">The line.</param>
public sealed record JobLogLine(DateTimeOffset At, string Text);
