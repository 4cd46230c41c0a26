namespace Ember.ProcessTests.PostgreSql;

/// <summary>The crash tests on PostgreSQL; the restart keeps the database down 2 s.</summary>
public sealed class PostgreSqlCrashTests : StoreCrashTests<PostgreSqlProcessFixture>
{
    protected override int RestartSecondsDown => 2;
}
