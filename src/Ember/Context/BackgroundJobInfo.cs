namespace Ember;

/// <summary>The job a <see cref="Server.PerformContext"/> runs (Hangfire's <c>context.BackgroundJob</c>).</summary>
/// <param name="Id">The job's id.</param>
/// <param name="Job">The method and arguments.</param>
/// <param name="CreatedAt">When the job was created.</param>
public sealed record BackgroundJobInfo(string Id, Job Job, DateTimeOffset CreatedAt);
