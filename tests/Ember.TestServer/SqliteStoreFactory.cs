using System.Runtime.CompilerServices;
using Ember.Sqlite;

namespace Ember.TestServer;

internal static class SqliteStoreFactory
{
    [ModuleInitializer]
    internal static void Register() => StoreFactories.Register("sqlite", (options, time) =>
        new SqliteJobStore(new SqliteStoreOptions { ConnectionString = $"Data Source={options["db"]}" }, time));
}
