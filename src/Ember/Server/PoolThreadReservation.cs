namespace Ember.Server;

/// <summary>
/// Raises the .NET thread pool's minimum worker threads to cover every running server's workers. A job method that
/// doesn't return a task (Hangfire's usual <c>void Send(int id)</c>) holds a pool thread for as long as it runs, and
/// above its minimum the pool adds threads only about one every half second: 60 such jobs starting at once took 30 s
/// to all get a thread, and the server's lease renewals, queued behind them, waited as long, so 35 of the 60 lost their
/// leases and ran twice. With the minimum raised the pool starts those threads at once. Only ever raised: the
/// application may have raised it further, and idle threads cost little.
/// </summary>
internal static class PoolThreadReservation
{
    private static readonly Lock Gate = new();
    private static int s_reserved;

    public static void Reserve(int workers)
    {
        lock (Gate)
        {
            s_reserved += workers;
            ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
            var needed = Environment.ProcessorCount + s_reserved;
            if (minWorkers < needed) ThreadPool.SetMinThreads(needed, minIo);
        }
    }

    public static void Release(int workers)
    {
        lock (Gate) s_reserved -= workers;
    }
}
