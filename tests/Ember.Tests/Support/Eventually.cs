namespace Ember.Tests.Support;

/// <summary>Polls a condition with a deadline: the way tests wait on a store's state without sleeping a fixed time.</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> accept, TimeSpan? timeout = null, string? what = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        var deadline = DateTime.UtcNow + limit;
        T last;
        do
        {
            last = await probe();
            if (accept(last)) return last;
            await Task.Delay(20);
        } while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"{what ?? "Condition"} not met within {limit}; last value: {last}");
    }
}
