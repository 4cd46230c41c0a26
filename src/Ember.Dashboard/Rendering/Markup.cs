namespace Ember.Dashboard.Rendering;

/// <summary>
/// Trusted markup, written as is by <see cref="Html"/>. Only the dashboard's own code makes it (from literals or from
/// an <see cref="Html"/> that encoded everything it was given); anything read from the store is a plain string and so
/// gets encoded.
/// </summary>
internal readonly record struct Markup(string Value)
{
    public static readonly Markup Empty = new("");

    public override string ToString() => Value;
}
