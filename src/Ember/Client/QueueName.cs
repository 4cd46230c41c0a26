namespace Ember;

// Queue names end up in SQL, Redis keys and URLs: a small safe alphabet keeps them harmless everywhere.
internal static class QueueName
{
    public const int MaxLength = 100;

    public static string Validate(string? queue, string what)
    {
        if (string.IsNullOrEmpty(queue) || queue.Length > MaxLength || !queue.All(IsAllowed))
            throw new ArgumentException($"{what} '{queue}' is not a valid queue name: use 1 to {MaxLength} characters among lowercase letters, digits, '_', '-' and '.', e.g. \"critical\" or \"emails-eu\".", nameof(queue));
        return queue;
    }

    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.';
}
