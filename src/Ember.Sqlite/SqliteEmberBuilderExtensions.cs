using Ember.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Ember;

/// <summary>Registers the SQLite store in <c>services.AddEmber(ember => ember.UseSqlite(...))</c>.</summary>
public static class SqliteEmberBuilderExtensions
{
    /// <summary>
    /// Stores jobs in one SQLite file. The options are validated here, so a wrong option fails at registration; the
    /// file is opened and its schema prepared when the host starts. The store reads time from the application's
    /// <see cref="TimeProvider"/> service when there is one.
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="connectionString">The connection string, e.g. <c>"Data Source=ember.db"</c>.</param>
    /// <param name="configure">Sets the other <see cref="SqliteStoreOptions"/>, if any.</param>
    /// <exception cref="InvalidOperationException">An option is missing or invalid.</exception>
    public static EmberBuilder UseSqlite(this EmberBuilder ember, string connectionString, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ember);
        var options = new SqliteStoreOptions { ConnectionString = connectionString };
        configure?.Invoke(options);
        options.Validate();
        return ember.UseStore(services => new SqliteJobStore(options, services.GetService<TimeProvider>()));
    }
}
