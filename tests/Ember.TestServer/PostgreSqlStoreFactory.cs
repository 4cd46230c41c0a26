using System.Runtime.CompilerServices;
using Ember.PostgreSql;

namespace Ember.TestServer;

internal static class PostgreSqlStoreFactory
{
    // --db: an Npgsql connection string; --schema: the Ember schema (default "ember").
    [ModuleInitializer]
    internal static void Register() => StoreFactories.Register("postgres", (options, time) =>
        new PostgreSqlJobStore(options["db"], new PostgreSqlStoreOptions { SchemaName = options.GetValueOrDefault("schema", "ember") }, time));
}
