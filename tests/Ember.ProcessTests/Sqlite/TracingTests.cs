using System.Diagnostics;
using Ember.TestServer;

namespace Ember.ProcessTests.Sqlite;

public sealed class TracingTests : IDisposable
{
    private readonly SqliteProcessFixture _fixture = new();

    [Fact]
    public async Task A_job_enqueued_here_runs_in_another_process_in_the_enqueuers_trace_also_when_retried()
    {
        var ledger = _fixture.Ledger;
        ActivityTraceId traceId;
        using (var enqueuer = new Activity("enqueuer").Start())
        {
            traceId = enqueuer.TraceId;
            await _fixture.Client.EnqueueAsync(() => LedgerJobs.RecordTrace(ledger, "once"));
            await _fixture.Client.EnqueueAsync(() => LedgerJobs.RecordTraceFailingOnce(ledger, "retried"));
        }

        using var server = await ServerProcess.StartAsync(_fixture.Database, "--trace", "on");
        await _fixture.WaitUntilAllSucceededAsync(2, TimeSpan.FromSeconds(30));

        var expected = "trace-" + traceId.ToHexString();
        Assert.Equal([expected], LedgerJobs.Events(ledger, "once"));
        Assert.Equal([expected, expected], LedgerJobs.Events(ledger, "retried"));
    }

    public void Dispose() => _fixture.Dispose();
}
