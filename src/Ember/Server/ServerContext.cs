using Microsoft.Extensions.Logging;

namespace Ember.Server;

/// <summary>What every part of one server shares.</summary>
internal sealed record ServerContext(string Id, string Name, ServerOptions Options, TimeProvider Time, ILogger Logger);
