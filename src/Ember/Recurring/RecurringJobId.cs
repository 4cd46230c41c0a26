namespace Ember.Recurring;

internal static class RecurringJobId
{
    public const int MaxLength = 100;

    public static string Validate(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
            throw new ArgumentException("A recurring job id can't be empty; use a stable name such as \"nightly-cleanup\".", nameof(id));
        if (id.Length > MaxLength)
            throw new ArgumentException($"Recurring job id \"{id[..20]}…\" is {id.Length} characters long; the limit is {MaxLength}.", nameof(id));
        return id;
    }
}
