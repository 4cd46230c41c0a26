using System.Collections.Concurrent;
using System.Reflection;
using Ember.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ember.Dashboard.Tests.Support;

/// <summary>
/// Wraps the registered store so that every read-side call is recorded (method and request): tests check that a page
/// costs a few cheap queries and pages of bounded size, whatever the number of jobs.
/// </summary>
public class RecordingStore : DispatchProxy
{
    private object _inner = null!;
    private IJobQueries? _queries;

    public ConcurrentQueue<(string Method, object? Argument)> Calls { get; private set; } = new();

    /// <summary>Replaces the IJobStore registration with a recording wrapper; returns the recorder.</summary>
    public static ConcurrentQueue<(string Method, object? Argument)> Install(IServiceCollection services)
    {
        var calls = new ConcurrentQueue<(string Method, object? Argument)>();
        var descriptor = services.Last(d => d.ServiceType == typeof(IJobStore));
        services.Remove(descriptor);
        services.AddSingleton<IJobStore>(sp =>
        {
            var inner = (IJobStore)descriptor.ImplementationFactory!(sp);
            var store = Create<IJobStore, RecordingStore>();
            var recorder = (RecordingStore)(object)store;
            recorder._inner = inner;
            recorder.Calls = calls;
            var queries = Create<IJobQueries, RecordingStore>();
            var queryRecorder = (RecordingStore)(object)queries;
            queryRecorder._inner = inner.Queries;
            queryRecorder.Calls = calls;
            recorder._queries = queries;
            return store;
        });
        return calls;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod!.Name == "get_Queries" && _queries is not null) return _queries;
        if (_inner is IJobQueries) Calls.Enqueue((targetMethod.Name, args is { Length: > 0 } ? args[0] : null));
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
