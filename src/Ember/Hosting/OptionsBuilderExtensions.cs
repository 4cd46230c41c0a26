using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ember;

/// <summary>Validation of Ember's option classes through the options pattern, for Ember's packages and stores.</summary>
public static class OptionsBuilderExtensions
{
    /// <summary>
    /// Validates the options with <paramref name="validate"/>, a method that throws <see cref="InvalidOperationException"/>
    /// naming the wrong option and how to fix it (as each Ember options class's <c>Validate</c> does), when the options are
    /// first read and at host start (<c>ValidateOnStart</c>). The failure's message is the
    /// method's.
    /// </summary>
    /// <typeparam name="TOptions">The options class.</typeparam>
    /// <param name="builder">The options builder, from <c>services.AddOptions&lt;TOptions&gt;()</c>.</param>
    /// <param name="validate">The validation method.</param>
    public static OptionsBuilder<TOptions> ValidateWith<TOptions>(this OptionsBuilder<TOptions> builder, Action<TOptions> validate)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(validate);
        // TryAddEnumerable: a store registered twice validates once.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new ThrowingOptionsValidator<TOptions>(builder.Name, validate)));
        return builder.ValidateOnStart();
    }
}
