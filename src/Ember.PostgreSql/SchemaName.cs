namespace Ember.PostgreSql;

/// <summary>
/// A schema name that <see cref="PostgreSqlStoreOptions.Validate"/> accepted (letters, digits, underscore), and the
/// one place where it enters SQL text: quoted as an identifier, or as a literal. Values are always parameters.
/// </summary>
internal sealed class SchemaName
{
    public SchemaName(string name)
    {
        Name = name;
        Quoted = "\"" + name + "\"";
    }

    /// <summary>The name as configured.</summary>
    public string Name { get; }

    /// <summary>The quoted identifier, for SQL text.</summary>
    public string Quoted { get; }

    /// <summary>Fills the <c>{schema}</c> (identifier) and <c>{schema_name}</c> (inside a literal) placeholders.</summary>
    public string Apply(string sqlTemplate) =>
        sqlTemplate.Replace("{schema_name}", Name, StringComparison.Ordinal).Replace("{schema}", Quoted, StringComparison.Ordinal);
}
