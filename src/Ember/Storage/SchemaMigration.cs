namespace Ember.Storage;

/// <summary>One numbered migration file of a store's schema (e.g. <c>0002_continuations.sql</c>).</summary>
/// <param name="Version">The schema version it leads to: the number its file name starts with.</param>
/// <param name="Name">Its file name.</param>
/// <param name="Sql">Its text.</param>
public sealed record SchemaMigration(int Version, string Name, string Sql);
