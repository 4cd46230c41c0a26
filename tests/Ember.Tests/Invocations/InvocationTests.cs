using System.Text.Json;
using Ember.Invocations;
using Ember.Tests.Support;

namespace Ember.Tests.Invocations;

public class InvocationTests
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    [Fact]
    public void Round_trips_type_method_and_arguments()
    {
        var when = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
        var job = Job.FromExpression(() => TestJobs.RecordArguments("k", 42, "héllo \"world\"", when, new Payload("a", 1), new[] { 1, 2, 3 }));

        var bound = new InvocationBinder(Options).Bind(Invocation.Serialize(job, Options));

        Assert.Equal(job.Method, bound.Method);
        Assert.Equal(typeof(TestJobs), bound.Type);
        Assert.Equal(job.Arguments.Take(5), bound.Arguments.Take(5));
        Assert.Equal([1, 2, 3], (int[])bound.Arguments[5]!);
    }

    [Fact]
    public void Stored_type_names_carry_no_assembly_version()
    {
        var json = Invocation.Serialize(Job.FromExpression(() => TestJobs.Record("k")), Options);

        var invocation = Invocation.Parse(json);
        Assert.Equal("Ember.Tests.Support.TestJobs, Ember.Tests", invocation.Type);
        Assert.Equal(["System.String, System.Private.CoreLib"], invocation.ParameterTypes);
        Assert.DoesNotContain("Version=", json, StringComparison.Ordinal);
        Assert.DoesNotContain("PublicKeyToken", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Generic_argument_types_are_stored_without_versions_and_load_back()
    {
        var items = new List<Payload> { new("a", 1) };
        var map = new Dictionary<string, int[]> { ["x"] = [1] };
        var job = Job.FromExpression(() => Samples.Generic(items, map));

        var json = Invocation.Serialize(job, Options);
        var bound = new InvocationBinder(Options).Bind(json);

        Assert.DoesNotContain("Version=", json, StringComparison.Ordinal);
        Assert.Equal(job.Method, bound.Method);
        Assert.Equal(new Payload("a", 1), ((List<Payload>)bound.Arguments[0]!)[0]);
    }

    [Fact]
    public void Generic_method_round_trips()
    {
        var job = Job.FromExpression(() => Samples.GenericMethod<Payload>(new Payload("a", 1)));

        var bound = new InvocationBinder(Options).Bind(Invocation.Serialize(job, Options));

        Assert.Equal(job.Method, bound.Method);
    }

    [Fact]
    public void Argument_that_cannot_be_serialized_is_rejected_naming_it()
    {
        var job = Job.FromExpression(() => Samples.TakesObject(new Cyclic()));

        var error = Assert.Throws<ArgumentException>(() => Invocation.Serialize(job, Options));

        Assert.Contains("'value'", error.Message, StringComparison.Ordinal);
        Assert.Contains("can't be serialized", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_type_fails_to_load_with_the_type_name()
    {
        var json = Invocation.Serialize(Job.FromExpression(() => TestJobs.Record("k")), Options).Replace("TestJobs", "RemovedJobs", StringComparison.Ordinal);

        var error = Assert.Throws<JobLoadException>(() => new InvocationBinder(Options).Bind(json));

        Assert.Contains("Ember.Tests.Support.RemovedJobs", error.Message, StringComparison.Ordinal);
        Assert.Contains("could not be loaded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_method_fails_to_load_with_the_method_name()
    {
        var json = Invocation.Serialize(Job.FromExpression(() => TestJobs.Record("k")), Options).Replace("\"Record\"", "\"Renamed\"", StringComparison.Ordinal);

        var error = Assert.Throws<JobLoadException>(() => new InvocationBinder(Options).Bind(json));

        Assert.Contains("TestJobs.Renamed(String) no longer exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Argument_that_no_longer_deserializes_fails_to_load_naming_it()
    {
        var json = Invocation.Serialize(Job.FromExpression(() => Samples.TakesNumber(5)), Options).Replace("[5]", "[\"five\"]", StringComparison.Ordinal);

        var error = Assert.Throws<JobLoadException>(() => new InvocationBinder(Options).Bind(json));

        Assert.Contains("'number'", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"five\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_that_is_not_an_invocation_fails_to_load()
    {
        Assert.Throws<JobLoadException>(() => new InvocationBinder(Options).Bind("{not json"));
        Assert.Throws<JobLoadException>(() => new InvocationBinder(Options).Bind("{\"type\":\"x\"}"));
    }

    public sealed class Cyclic
    {
        public Cyclic Self => this;
    }
}

public static class Samples
{
    public static void Generic(List<Payload> items, Dictionary<string, int[]> map) { }

    public static void GenericMethod<T>(T value) where T : class { }

    public static void TakesObject(object value) { }

    public static void TakesNumber(int number) { }
}
