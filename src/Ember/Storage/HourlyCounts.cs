namespace Ember.Storage;

/// <summary>How many jobs entered Succeeded and Failed in one hour.</summary>
/// <param name="Hour">The hour's start, in UTC.</param>
/// <param name="Succeeded">Entries into Succeeded in that hour.</param>
/// <param name="Failed">Entries into Failed in that hour.</param>
public sealed record HourlyCounts(DateTimeOffset Hour, long Succeeded, long Failed);
