using System.Collections;

namespace Ember.Storage;

/// <summary>
/// The answer of <see cref="IJobClientStore.CreateJobsAsync"/>: the id of each job of the request, in order, and which of
/// them named a job that already existed (a unique key held by an earlier job, see <see cref="NewJob.Unique"/>)
/// instead of a new one. Reads as the list of ids, so code that only wants the ids keeps working.
/// </summary>
public sealed class CreateJobsResult : IReadOnlyList<string>
{
    private static readonly bool[] NoneExisting = [];
    private readonly string[] _ids;
    private readonly bool[] _existing;

    /// <summary>A result where every id is a new job.</summary>
    public CreateJobsResult(IEnumerable<string> ids) : this(ids, null) { }

    /// <summary>A result where the jobs at <paramref name="existing"/> (positions in <paramref name="ids"/>) already existed.</summary>
    public CreateJobsResult(IEnumerable<string> ids, IEnumerable<int>? existing)
    {
        ArgumentNullException.ThrowIfNull(ids);
        _ids = [.. ids];
        _existing = NoneExisting;
        if (existing is null) return;
        foreach (var position in existing)
        {
            if ((uint)position >= (uint)_ids.Length) throw new ArgumentOutOfRangeException(nameof(existing), position, $"A position of an existing job is outside the {_ids.Length} ids.");
            if (_existing.Length == 0) _existing = new bool[_ids.Length];
            _existing[position] = true;
        }
    }

    /// <summary>No jobs.</summary>
    public static CreateJobsResult Empty { get; } = new([]);

    /// <summary>Whether the job at <paramref name="index"/> already existed (its unique key was held) rather than being created now.</summary>
    public bool IsExisting(int index) => _existing.Length != 0 && _existing[index];

    /// <summary>Whether any job of the request already existed.</summary>
    public bool AnyExisting => Array.IndexOf(_existing, true) >= 0;

    /// <inheritdoc />
    public string this[int index] => _ids[index];

    /// <inheritdoc />
    public int Count => _ids.Length;

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)_ids).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _ids.GetEnumerator();

    /// <summary>New jobs only, as a store without unique keys in the request returns them.</summary>
    public static implicit operator CreateJobsResult(string[] ids) => new(ids);

    /// <summary>New jobs only.</summary>
    public static CreateJobsResult FromIds(IEnumerable<string> ids) => new(ids);
}
