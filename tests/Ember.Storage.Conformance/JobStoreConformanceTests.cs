namespace Ember.Storage.Conformance;

/// <summary>Placeholder; the conformance suite is being written.</summary>
public abstract class JobStoreConformanceTests
{
}
