using Ember.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ember;

/// <summary>Registers the PostgreSQL store in <c>services.AddEmber(ember => ember.UsePostgreSql(...))</c>.</summary>
public static class PostgreSqlEmberBuilderExtensions
{
    private const string Section = "PostgreSql";

    /// <summary>
    /// Stores jobs in a PostgreSQL schema, on a pooled data source the store builds from the connection string and
    /// disposes. The options are validated and the schema prepared when the host starts. The store reads time from the
    /// application's <see cref="TimeProvider"/> service when there is one.
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="connectionString">An Npgsql connection string, e.g. <c>"Host=db;Username=app;Password=...;Database=app"</c>.</param>
    /// <param name="configure">Sets the <see cref="PostgreSqlStoreOptions"/>, if any.</param>
    /// <exception cref="InvalidOperationException">The connection string is empty.</exception>
    public static EmberBuilder UsePostgreSql(this EmberBuilder ember, string connectionString, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ember);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("UsePostgreSql needs a connection string, such as \"Host=localhost;Username=app;Password=...;Database=app\"; or call UsePostgreSql() to read it from configuration.");
        return ember.UsePostgreSql(options =>
        {
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Stores jobs in a PostgreSQL schema, on a pooled data source the store builds and disposes, with
    /// <see cref="PostgreSqlStoreOptions"/> bound from the <c>"PostgreSql"</c> section of <c>AddEmber</c>'s configuration
    /// and then <paramref name="configure"/>. The connection string is <see cref="PostgreSqlStoreOptions.ConnectionString"/>,
    /// or the one <see cref="PostgreSqlStoreOptions.ConnectionStringName"/> names under <c>ConnectionStrings:</c> (the
    /// .NET Aspire convention): <c>UsePostgreSql(o => o.ConnectionStringName = "ember")</c>.
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="configure">Sets <see cref="PostgreSqlStoreOptions"/> on top of the configuration, if any.</param>
    public static EmberBuilder UsePostgreSql(this EmberBuilder ember, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ember);
        ember.AddStoreOptions(Section, configure, options => options.Validate(requireConnectionString: true))
            .PostConfigure<IServiceProvider>((options, services) =>
            {
                if (string.IsNullOrWhiteSpace(options.ConnectionString) && options.ConnectionStringName is { } name)
                    options.ConnectionString = services.GetService<IConfiguration>()?.GetConnectionString(name) ?? string.Empty;
            });
        return ember.UseStore(services =>
        {
            var options = services.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value;
            return new PostgreSqlJobStore(options.ConnectionString, options, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>());
        });
    }

    /// <summary>
    /// Stores jobs in a PostgreSQL schema, on the application's data source (used as configured, not disposed by Ember).
    /// Use this to share one pool with the application, e.g. for transactional enqueue (<see cref="PostgreSqlJobStore.Enlist(NpgsqlTransaction)"/>).
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="dataSource">The application's data source.</param>
    /// <param name="configure">Sets the <see cref="PostgreSqlStoreOptions"/>, if any.</param>
    public static EmberBuilder UsePostgreSql(this EmberBuilder ember, NpgsqlDataSource dataSource, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return ember.UsePostgreSql(_ => dataSource, configure);
    }

    /// <summary>
    /// Stores jobs in a PostgreSQL schema, on a data source from the application's services, resolved when the store is
    /// first needed: <c>UsePostgreSql(sp => sp.GetRequiredService&lt;NpgsqlDataSource&gt;())</c>, e.g. the one .NET Aspire's
    /// <c>AddNpgsqlDataSource</c> registers. Ember uses it as configured and never disposes it (its owner, the container,
    /// does). The other options bind from the <c>"PostgreSql"</c> section of <c>AddEmber</c>'s configuration.
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="dataSource">Returns the data source.</param>
    /// <param name="configure">Sets the <see cref="PostgreSqlStoreOptions"/>, if any.</param>
    public static EmberBuilder UsePostgreSql(this EmberBuilder ember, Func<IServiceProvider, NpgsqlDataSource> dataSource, Action<PostgreSqlStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ember);
        ArgumentNullException.ThrowIfNull(dataSource);
        ember.AddStoreOptions(Section, configure, options => options.Validate());
        return ember.UseStore(services => new PostgreSqlJobStore(
            dataSource(services) ?? throw new InvalidOperationException("The data source function given to UsePostgreSql returned null."),
            services.GetRequiredService<IOptions<PostgreSqlStoreOptions>>().Value, services.GetService<TimeProvider>(), services.GetService<ILoggerFactory>()));
    }
}
