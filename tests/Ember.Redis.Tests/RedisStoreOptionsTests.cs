using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ember.Redis.Tests;

public sealed class RedisStoreOptionsTests
{
    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        var options = new RedisStoreOptions();

        Assert.Equal(("ember:", TimeSpan.FromSeconds(5), -1), (options.KeyPrefix, options.ConnectTimeout, options.Database));
    }

    [Theory]
    [InlineData("", "KeyPrefix")]
    [InlineData(":::", "KeyPrefix")]
    [InlineData("a{b}:", "KeyPrefix")]
    [InlineData("my app:", "KeyPrefix")]
    public void Invalid_prefix_is_refused_naming_the_option(string prefix, string option)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RedisStoreOptions { Configuration = "localhost", KeyPrefix = prefix }.Validate());

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_configuration_is_refused_at_registration()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddEmber(ember => ember.UseRedis(" ")));

        Assert.Contains(nameof(RedisStoreOptions.Configuration), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_positive_timeout_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RedisStoreOptions { Configuration = "localhost", ConnectTimeout = TimeSpan.Zero }.Validate());

        Assert.Contains(nameof(RedisStoreOptions.ConnectTimeout), error.Message, StringComparison.Ordinal);
    }
}
