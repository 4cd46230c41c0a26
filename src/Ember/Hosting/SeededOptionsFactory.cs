using Microsoft.Extensions.Options;

namespace Ember;

// Builds the default options from an instance configured in code (EmberBuilder.Options, already bound from the
// configuration section), so that services.Configure<T> calls and validation apply on top of it, as the options
// pattern does for a fresh instance.
internal sealed class SeededOptionsFactory<TOptions>(
    TOptions seed,
    IEnumerable<IConfigureOptions<TOptions>> setups,
    IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
    IEnumerable<IValidateOptions<TOptions>> validations)
    : OptionsFactory<TOptions>(setups, postConfigures, validations)
    where TOptions : class
{
    protected override TOptions CreateInstance(string name) => name == Options.DefaultName ? seed : base.CreateInstance(name);
}
