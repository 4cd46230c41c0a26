using Ember.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ember.Sqlite.Tests;

public sealed class SqliteRegistrationTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task UseSqlite_registers_one_store_that_the_container_disposes()
    {
        var services = new ServiceCollection();
        services.AddEmber(ember => ember.UseSqlite(_database.ConnectionString, o => o.CommandTimeout = TimeSpan.FromSeconds(5)));

        SqliteJobStore store;
        await using (var provider = services.BuildServiceProvider())
        {
            var registered = Assert.IsType<InstrumentedJobStore>(provider.GetRequiredService<IJobStore>());
            Assert.Same(registered, provider.GetRequiredService<IJobStore>());
            store = Assert.IsType<SqliteJobStore>(registered.GetCapability<SqliteJobStore>());
            Assert.Same(store, registered.GetCapability<IJobNotifications>());
            Assert.Equal("sqlite", registered.Name);
            Assert.Equal(_database.Path, store.DatabasePath);
            await store.InitializeAsync();
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.Queries.GetServersAsync());
    }

    [Fact]
    public void UseSqlite_with_an_invalid_option_fails_at_registration()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddEmber(ember => ember.UseSqlite("")));

        Assert.Contains("SqliteStoreOptions.ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
