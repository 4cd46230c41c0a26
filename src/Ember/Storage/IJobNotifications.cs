namespace Ember.Storage;

/// <summary>
/// Optional store capability: tells idle servers that a queue has work, so they fetch at once instead of waiting for
/// the next poll. Servers still poll as a fallback, so a lost notification only delays work, never loses it.
/// </summary>
public interface IJobNotifications
{
    /// <summary>
    /// Calls <paramref name="onWork"/> with a queue name whenever jobs become Enqueued in it (created, requeued, rescued,
    /// due). The callback must be cheap and must not throw; dispose the result to stop.
    /// </summary>
    IDisposable Subscribe(Action<string> onWork);
}
