// One scenario at a time: they share the machine's two cores and the test servers, and some restart those servers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
