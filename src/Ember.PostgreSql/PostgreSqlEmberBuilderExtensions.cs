using Ember.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ember;

/// <summary>Registers the PostgreSQL store in <c>services.AddEmber(ember => ember.UsePostgreSql(...))</c>.</summary>
public static class PostgreSqlEmberBuilderExtensions
{
    /// <summary>
    /// Stores jobs in a PostgreSQL schema, on a pooled data source the store builds from the connection string. The
    /// options are validated here, so a wrong option fails at registration; the server is reached and the schema
    /// prepared when the host starts. The store reads time from the application's <see cref="TimeProvider"/> service
    /// when there is one.
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>"Host=db;Username=app;Password=...;Database=app"</c>.</param>
    /// <param name="configure">Sets the <see cref="PostgreSqlStoreOptions"/>, if any.</param>
    /// <exception cref="InvalidOperationException">An option or the connection string is invalid.</exception>
    public static EmberBuilder UsePostgreSql(this EmberBuilder ember, string connectionString, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ember);
        var options = Configure(configure);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("UsePostgreSql needs a connection string, such as \"Host=localhost;Username=app;Password=...;Database=app\".");
        return ember.UseStore(services => new PostgreSqlJobStore(connectionString, options, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>()));
    }

    /// <summary>
    /// Stores jobs in a PostgreSQL schema, on the application's data source (used as configured, not disposed by Ember).
    /// Use this to share one pool with the application, e.g. for transactional enqueue (<see cref="PostgreSqlJobStore.Enlist(NpgsqlTransaction)"/>).
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="dataSource">The application's data source.</param>
    /// <param name="configure">Sets the <see cref="PostgreSqlStoreOptions"/>, if any.</param>
    /// <exception cref="InvalidOperationException">An option is invalid.</exception>
    public static EmberBuilder UsePostgreSql(this EmberBuilder ember, NpgsqlDataSource dataSource, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ember);
        ArgumentNullException.ThrowIfNull(dataSource);
        var options = Configure(configure);
        return ember.UseStore(services => new PostgreSqlJobStore(dataSource, options, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>()));
    }

    private static PostgreSqlStoreOptions Configure(Action<PostgreSqlStoreOptions>? configure)
    {
        var options = new PostgreSqlStoreOptions();
        configure?.Invoke(options);
        options.Validate();
        return options;
    }
}
