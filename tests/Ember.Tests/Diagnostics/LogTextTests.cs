using Microsoft.Extensions.Logging;

namespace Ember.Tests.Diagnostics;

public class LogTextTests
{
    [Fact]
    public void Counts_agree_with_their_nouns_and_times_are_ISO_8601()
    {
        var logger = new LinesLogger();
        var next = new DateTimeOffset(2030, 1, 1, 13, 0, 5, TimeSpan.FromHours(1));

        Log.RecurringJobFired(logger, "report", 1, 1, next);
        Log.RecurringJobFired(logger, "report", 2, 3, null);
        Log.JobsRescued(logger, 1);
        Log.JobsPruned(logger, 2);
        Log.ServerStarted(logger, "web-1", 1, ["default"]);
        Log.CompletionsFenced(logger, 1);

        Assert.Equal(
        [
            "Recurring job report fired: 1 job for 1 occurrence; next at 2030-01-01T12:00:05Z",
            "Recurring job report fired: 2 jobs for 3 occurrences; next at none",
            "Rescued 1 job whose server stopped extending the lease",
            "Pruned 2 expired jobs",
            "Ember server web-1 started: 1 worker on queue default",
            "1 job outcome was not applied: deleted, requeued or rescued while running",
        ], logger.Lines);
    }

    private sealed class LinesLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
