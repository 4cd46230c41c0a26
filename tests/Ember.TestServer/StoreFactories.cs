using Ember.Storage;

namespace Ember.TestServer;

/// <summary>
/// The stores this test server can run on, by name (<c>--store sqlite|postgres|redis</c>). Each store registers its
/// factory from its own file with a module initializer, so adding a store touches no shared code.
/// </summary>
public static class StoreFactories
{
    private static readonly Dictionary<string, Func<IReadOnlyDictionary<string, string>, TimeProvider, IJobStore>> Factories = new(StringComparer.Ordinal);

    public static void Register(string name, Func<IReadOnlyDictionary<string, string>, TimeProvider, IJobStore> factory) => Factories[name] = factory;

    public static IJobStore Create(IReadOnlyDictionary<string, string> options, TimeProvider time)
    {
        var name = options.GetValueOrDefault("store", "sqlite");
        return Factories.TryGetValue(name, out var factory)
            ? factory(options, time)
            : throw new ArgumentException($"Unknown --store {name}; known: {string.Join(", ", Factories.Keys)}.");
    }
}
