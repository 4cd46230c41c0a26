using Microsoft.Extensions.Options;

namespace Ember;

// Adapts an options class's own Validate method, which throws with a message naming the option, to IValidateOptions:
// one set of rules and messages whether the options are built in code or bound from configuration.
internal sealed class ThrowingOptionsValidator<TOptions>(string? name, Action<TOptions> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? optionsName, TOptions options)
    {
        if (name is not null && name != optionsName) return ValidateOptionsResult.Skip;
        try
        {
            validate(options);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
