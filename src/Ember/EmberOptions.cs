namespace Ember;

/// <summary>Placeholder, filled in below.</summary>
public sealed class EmberOptions { /// <summary>x</summary>
public TimeSpan JobExpiration { get; set; } = TimeSpan.FromDays(1); }
