using System.Globalization;
using System.Reflection;
using System.Text;

namespace Ember.Storage;

/// <summary>For store authors: reads a store's numbered migration files, embedded in its assembly.</summary>
public static class SchemaMigrations
{
    /// <summary>
    /// The embedded resources under <paramref name="resourcePrefix"/> ending in <c>.sql</c>, ordered by the four-digit
    /// number their names start with.
    /// </summary>
    /// <exception cref="InvalidOperationException">Two files have one number, or the first isn't 1: a packaging bug.</exception>
    public static IReadOnlyList<SchemaMigration> Load(Assembly assembly, string resourcePrefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(resourcePrefix);
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(resourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name =>
            {
                var fileName = name[resourcePrefix.Length..];
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream, Encoding.UTF8);
                return new SchemaMigration(int.Parse(fileName.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture), fileName, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToArray();
        // Gaps are allowed: numbers are handed out to features developed side by side, and a branch carries only its
        // own. Applied in order, a version is still never applied twice nor over a newer one.
        for (var i = 0; i < migrations.Length; i++)
        {
            if (i == 0 ? migrations[i].Version != 1 : migrations[i].Version == migrations[i - 1].Version)
                throw new InvalidOperationException($"The migrations of {assembly.GetName().Name} are not numbered 1, 2, 3... each once: {migrations[i].Name} is number {i + 1}.");
        }
        return migrations;
    }
}
