using Ember.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ember;

/// <summary>Registers the SQLite store in <c>services.AddEmber(ember => ember.UseSqlite(...))</c>.</summary>
public static class SqliteEmberBuilderExtensions
{
    /// <summary>
    /// Stores jobs in one SQLite file. The file is opened and its schema prepared when the host starts, after the
    /// options are validated. The store reads time from the application's <see cref="TimeProvider"/> service when
    /// there is one.
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="connectionString">The connection string, e.g. <c>"Data Source=ember.db"</c>.</param>
    /// <param name="configure">Sets the other <see cref="SqliteStoreOptions"/>, if any.</param>
    /// <exception cref="InvalidOperationException">The connection string is empty.</exception>
    public static EmberBuilder UseSqlite(this EmberBuilder ember, string connectionString, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ember);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"UseSqlite needs a connection string ({nameof(SqliteStoreOptions)}.{nameof(SqliteStoreOptions.ConnectionString)}), such as \"Data Source=ember.db\"; or call UseSqlite() to read it from configuration.");
        return ember.UseSqlite(options =>
        {
            options.ConnectionString = connectionString;
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Stores jobs in one SQLite file, with <see cref="SqliteStoreOptions"/> bound from the <c>"Sqlite"</c> section of
    /// <c>AddEmber</c>'s configuration (e.g. <c>"Ember": { "Sqlite": { "ConnectionString": "Data Source=ember.db" } }</c>)
    /// or, with <see cref="SqliteStoreOptions.ConnectionStringName"/>, from <c>ConnectionStrings:</c>; then
    /// <paramref name="configure"/> applies. Validated when the host starts.
    /// </summary>
    /// <param name="ember">The Ember builder.</param>
    /// <param name="configure">Sets <see cref="SqliteStoreOptions"/> on top of the configuration, if any.</param>
    public static EmberBuilder UseSqlite(this EmberBuilder ember, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ember);
        ember.AddStoreOptions("Sqlite", configure, options => options.Validate())
            .PostConfigure<IServiceProvider>((options, services) =>
            {
                if (string.IsNullOrWhiteSpace(options.ConnectionString) && options.ConnectionStringName is { } name)
                    options.ConnectionString = services.GetService<IConfiguration>()?.GetConnectionString(name) ?? string.Empty;
            });
        return ember.UseStore(services => new SqliteJobStore(services.GetRequiredService<IOptions<SqliteStoreOptions>>().Value, services.GetService<TimeProvider>()));
    }
}
