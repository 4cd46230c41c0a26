namespace Ember;

/// <summary>
/// Marks a continuation's parameter of type <see cref="ExceptionInfo"/> that receives the exception its parent failed
/// with (null when the parent didn't fail). Use it with <see cref="JobContinuationOptions.OnlyOnFailedState"/> or
/// <see cref="JobContinuationOptions.OnAnyFinishedState"/>; pass null at enqueue.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromExceptionAttribute : Attribute;
