using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Ember;

internal static class ServerOptionsBinding
{
    // The binder appends a configured list to one that already has items, which would turn the default ["default"] and
    // a configured ["critical", "default"] into a list naming "default" twice: configured queues replace the default.
    public static OptionsBuilder<ServerOptions> BindServerOptions(this OptionsBuilder<ServerOptions> builder, IConfigurationSection section) =>
        builder.Configure(options =>
        {
            var defaultQueues = options.Queues;
            options.Queues = [];
            section.Bind(options);
            if (options.Queues.Count == 0) options.Queues = defaultQueues;
        });
}
