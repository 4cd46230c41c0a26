// The static facades (BackgroundJob, RecurringJob, JobStorage.Current) point at the last host built, as in a real
// application with one host: the tests here each build one, so they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
