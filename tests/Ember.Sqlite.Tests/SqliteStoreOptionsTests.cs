using Xunit;

namespace Ember.Sqlite.Tests;

public sealed class SqliteStoreOptionsTests
{
    [Fact]
    public void Defaults_are_as_documented()
    {
        var options = new SqliteStoreOptions();

        Assert.Equal((string.Empty, true, TimeSpan.FromSeconds(30), (TimeSpan?)TimeSpan.FromMilliseconds(10)),
            (options.ConnectionString, options.PrepareSchemaIfNecessary, options.CommandTimeout, options.CommitCheckInterval));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(61_000)]
    public void A_commit_check_interval_out_of_range_is_named(int milliseconds)
    {
        var options = new SqliteStoreOptions { ConnectionString = "Data Source=ember.db", CommitCheckInterval = TimeSpan.FromMilliseconds(milliseconds) };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("SqliteStoreOptions.CommitCheckInterval", error.Message, StringComparison.Ordinal);
        Assert.Contains("null to turn the check off", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "ConnectionString", "Data Source=ember.db")]
    [InlineData("   ", "ConnectionString", "Data Source=ember.db")]
    [InlineData("Data Source=:memory:", "ConnectionString", "InMemoryJobStore")]
    [InlineData("Mode=Memory", "ConnectionString", "file path")]
    [InlineData("Data Source=ember.db;Mode=ReadOnly", "ConnectionString", "Remove the Mode keyword")]
    [InlineData("Data Source=ember.db;Colour=blue", "ConnectionString", "Data Source=ember.db")]
    public void An_invalid_connection_string_is_named_with_how_to_fix_it(string connectionString, string option, string fix)
    {
        var options = new SqliteStoreOptions { ConnectionString = connectionString };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains($"SqliteStoreOptions.{option}", error.Message, StringComparison.Ordinal);
        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_command_timeout_that_is_not_positive_is_named(int seconds)
    {
        var options = new SqliteStoreOptions { ConnectionString = "Data Source=ember.db", CommandTimeout = TimeSpan.FromSeconds(seconds) };

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("SqliteStoreOptions.CommandTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_validates_its_options_when_built()
    {
        Assert.Throws<InvalidOperationException>(() => new SqliteJobStore(new SqliteStoreOptions()));
    }
}
