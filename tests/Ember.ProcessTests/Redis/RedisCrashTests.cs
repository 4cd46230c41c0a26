namespace Ember.ProcessTests.Redis;

/// <summary>The crash tests on Redis (AOF on); the restart keeps Redis down 1 s.</summary>
public sealed class RedisCrashTests : StoreCrashTests<RedisProcessFixture>
{
    protected override int RestartSecondsDown => 1;
}
