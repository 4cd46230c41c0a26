namespace Ember;

/// <summary>
/// Runs the job in the <see cref="System.Globalization.CultureInfo.CurrentCulture"/> and
/// <see cref="System.Globalization.CultureInfo.CurrentUICulture"/> of the code that enqueued it (Hangfire's attribute of
/// the same name). Ember does this for every job unless <see cref="EmberOptions.CaptureCulture"/> is turned off; then
/// this attribute, on a job class or method or in <see cref="EmberOptions.Filters"/>, turns it back on where it is put.
/// The cultures are stored as the job parameters <c>CurrentCulture</c> and <c>CurrentUICulture</c>, as Hangfire does.
/// </summary>
public sealed class CaptureCultureAttribute : JobFilterAttribute;
