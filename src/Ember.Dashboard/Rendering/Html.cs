using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Ember.Dashboard.Rendering;

/// <summary>
/// Builds a page. Every value interpolated into <see cref="Add"/> is HTML-encoded unless it is <see cref="Markup"/>,
/// so escaping is the default and can't be forgotten: <c>html.Add($"&lt;td&gt;{job.Id}&lt;/td&gt;")</c>.
/// </summary>
internal sealed class Html
{
    internal readonly StringBuilder Builder = new(8 * 1024);

    /// <summary>Appends the literal parts as they are and every interpolated value encoded.</summary>
    public Html Add([InterpolatedStringHandlerArgument("")] ref HtmlHandler handler) => this;

    /// <summary>Appends encoded text.</summary>
    public Html Text(string? text)
    {
        if (text is not null) HtmlEncoding.Append(Builder, text);
        return this;
    }

    /// <summary>Appends trusted markup.</summary>
    public Html Raw(Markup markup)
    {
        Builder.Append(markup.Value);
        return this;
    }

    /// <summary>What was built so far, as trusted markup.</summary>
    public Markup ToMarkup() => new(Builder.ToString());

    public override string ToString() => Builder.ToString();
}

/// <summary>The interpolation handler behind <see cref="Html.Add"/>: literals as is, values encoded.</summary>
[InterpolatedStringHandler]
internal readonly ref struct HtmlHandler
{
    private readonly StringBuilder _builder;

    public HtmlHandler(int literalLength, int formattedCount, Html html)
    {
        _ = formattedCount;
        _builder = html.Builder;
        _builder.EnsureCapacity(_builder.Length + literalLength + 64);
    }

    public void AppendLiteral(string value) => _builder.Append(value);

    public void AppendFormatted(string? value)
    {
        if (value is not null) HtmlEncoding.Append(_builder, value);
    }

    public void AppendFormatted(Markup value) => _builder.Append(value.Value);

    public void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    public void AppendFormatted<T>(T value, string? format)
    {
        // Numbers and dates use the invariant culture: the page shouldn't change with the server's locale.
        var text = value is IFormattable formattable
            ? formattable.ToString(format, CultureInfo.InvariantCulture)
            : value?.ToString();
        if (text is not null) HtmlEncoding.Append(_builder, text);
    }
}
