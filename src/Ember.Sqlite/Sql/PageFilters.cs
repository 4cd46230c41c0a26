namespace Ember.Sqlite.Sql;

/// <summary>The optional filters of a page of jobs, each one a predicate of the page statement (<see cref="QuerySql.Page"/>).</summary>
[Flags]
internal enum PageFilters
{
    None = 0,
    Queue = 1,
    ExceptionType = 2,
    WithError = 4,
    Search = 8,
    All = Queue | ExceptionType | WithError | Search,
}
