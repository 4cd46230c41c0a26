using Ember.Dashboard.Rendering;
using Ember.Dashboard.Tests.Support;

namespace Ember.Dashboard.Tests.Rendering;

public sealed class RenderingTests
{
    [Fact]
    public void Interpolated_values_are_encoded_and_markup_is_not()
    {
        var html = new Html();
        var text = "<img src=x onerror=alert(1)> & \"quotes\" 'single'";
        html.Add($"<td title=\"{text}\">{text}</td>{new Markup("<br>")}{1234567:N0}");
        Assert.Equal("<td title=\"&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;single&#39;\">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;single&#39;</td><br>1,234,567", html.ToString());
    }

    [Fact]
    public void Encoding_keeps_non_ascii_text_readable()
    {
        Assert.Equal("Zoë – 東京 &lt;ok&gt;", HtmlEncoding.Encode("Zoë – 東京 <ok>"));
    }

    [Theory]
    [InlineData("System.Int32, System.Private.CoreLib", "int")]
    [InlineData("System.String, System.Private.CoreLib", "string")]
    [InlineData("MyApp.Mailer, MyApp", "Mailer")]
    [InlineData("MyApp.Outer+Inner, MyApp", "Inner")]
    [InlineData("System.Int32[], System.Private.CoreLib", "int[]")]
    [InlineData("System.Collections.Generic.List`1[[System.Int32, System.Private.CoreLib]], System.Private.CoreLib", "List<int>")]
    [InlineData("System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.Collections.Generic.List`1[[System.Int64, System.Private.CoreLib]], System.Private.CoreLib]], System.Private.CoreLib", "Dictionary<string, List<long>>")]
    [InlineData("System.Nullable`1[[System.Guid, System.Private.CoreLib]], System.Private.CoreLib", "Guid?")]
    [InlineData("System.Threading.CancellationToken, System.Private.CoreLib", "CancellationToken")]
    public void Type_names_read_like_CSharp(string stored, string expected)
    {
        Assert.Equal(expected, InvocationView.ShortName(stored));
    }

    [Fact]
    public void An_invocation_renders_its_call_and_arguments()
    {
        var json = Invocations.Invocation.Serialize(Job.FromExpression(() => SampleJobs.Process(new Order(7, "Ada <3", 9.5m, new[] { "tea" }))), new System.Text.Json.JsonSerializerOptions());
        var view = InvocationView.Parse(json);
        Assert.Equal("SampleJobs", view.ShortTypeName);
        Assert.Equal("Process", view.Method);
        Assert.Equal("Order", view.Arguments[0].Type);
        Assert.Contains("\"Customer\": \"Ada <3\"", view.Arguments[0].Value);
        Assert.Equal("SampleJobs.Process({\"Id\":7,\"Customer\":\"Ada <3\",\"Total\":9.5,\"Lines\":[\"tea\"]})", view.Summary());
        var token = InvocationView.Parse(Invocations.Invocation.Serialize(Job.FromExpression(() => SampleJobs.WaitAsync(5, CancellationToken.None)), new System.Text.Json.JsonSerializerOptions()));
        Assert.Equal("SampleJobs.WaitAsync(5, CancellationToken)", token.Summary());
    }

    [Fact]
    public void Arguments_get_their_parameter_names_when_the_method_loads_and_positions_otherwise()
    {
        var json = Invocations.Invocation.Serialize(Job.FromExpression(() => SampleJobs.WaitAsync(5, CancellationToken.None)), new System.Text.Json.JsonSerializerOptions());
        var named = InvocationView.Parse(json, withNames: true);
        var elsewhere = InvocationView.Parse(json.Replace("Ember.Dashboard.Tests.Support.SampleJobs, Ember.Dashboard.Tests", "Gone.Jobs, Gone", StringComparison.Ordinal), withNames: true);
        var renamed = InvocationView.Parse(json.Replace("\"WaitAsync\"", "\"Renamed\"", StringComparison.Ordinal), withNames: true);

        Assert.Equal(["milliseconds", "token"], named.Arguments.Select(a => a.Name));
        Assert.Equal("Jobs", elsewhere.ShortTypeName);
        Assert.All(elsewhere.Arguments, a => Assert.Null(a.Name));
        Assert.All(renamed.Arguments, a => Assert.Null(a.Name));
        Assert.All(InvocationView.Parse(json).Arguments, a => Assert.Null(a.Name)); // lists don't ask
    }

    [Theory]
    [InlineData("   at Orders.Checkout.Pay(Int32 order) in /home/build/agent/_work/1/s/src/Orders/Checkout.cs:line 42", "   at Orders.Checkout.Pay(Int32 order) in Checkout.cs:line 42")]
    [InlineData("   at Orders.Checkout.Pay() in C:\\agent\\_work\\src\\Checkout.cs:line 7\r\n   at Orders.Main() in /src/Program.cs:line 3", "   at Orders.Checkout.Pay() in Checkout.cs:line 7\r\n   at Orders.Main() in Program.cs:line 3")]
    [InlineData("   at Orders.Checkout.Pay() in Checkout.cs:line 9", "   at Orders.Checkout.Pay() in Checkout.cs:line 9")]
    [InlineData("   at System.Threading.Tasks.Task.Wait()", "   at System.Threading.Tasks.Task.Wait()")]
    [InlineData("Saved in /var/data/out.txt:line 4 of the report", "Saved in /var/data/out.txt:line 4 of the report")]
    public void Stack_traces_lose_the_build_machine_s_directories(string stored, string shown)
    {
        Assert.Equal(shown, StackTraces.TrimPaths(stored));
    }

    [Fact]
    public void A_corrupt_invocation_is_shown_raw_instead_of_failing_the_page()
    {
        var view = InvocationView.Parse("{not json");
        Assert.Equal("{not json", view.Raw);
        Assert.Equal("{not json", view.Summary());
    }

    [Theory]
    [InlineData("* * * * *", "Every minute")]
    [InlineData("*/5 * * * *", "Every 5 minutes")]
    [InlineData("15 * * * *", "Every hour, at minute 15")]
    [InlineData("0 */2 * * *", "Every 2 hours, at minute 0")]
    [InlineData("30 2 * * *", "Every day at 02:30")]
    [InlineData("0 9,17 * * *", "Every day at 09:00 and 17:00")]
    [InlineData("30 7 * * 1-5", "Every weekday (Monday to Friday) at 07:30")]
    [InlineData("0 8 * * MON,WED", "Every Monday and Wednesday at 08:00")]
    [InlineData("0 0 * * 0", "Every Sunday at 00:00")]
    [InlineData("0 6 1 * *", "Every month on day 1 at 06:00")]
    [InlineData("0 0 L * *", "Every month on its last day at 00:00")]
    [InlineData("0 12 25 12 *", "Every year on December 25 at 12:00")]
    [InlineData("*/5 * * * * *", "Every 5 seconds")]
    [InlineData("0 30 2 * * *", "Every day at 02:30")]
    [InlineData("@hourly", "Every hour, at minute 0")]
    [InlineData("@daily", "Every day at 00:00")]
    [InlineData("0 0 31 2 *", "Never (only when triggered)")]
    public void Common_cron_shapes_are_described(string cron, string expected)
    {
        Assert.Equal(expected, Cron.GetDescription(cron));
    }

    [Theory]
    [InlineData("5-10 * * * *")]
    [InlineData("0 0 1-7 * MON")]
    [InlineData("0 0 ? * 1#2")]
    [InlineData("not cron")]
    [InlineData("")]
    public void Unusual_cron_shapes_get_no_description_rather_than_a_wrong_one(string cron)
    {
        Assert.Null(Cron.GetDescription(cron));
    }

    [Theory]
    [InlineData(0.25, "250 ms")]
    [InlineData(4.25, "4.3 s")]
    [InlineData(42, "42 s")]
    [InlineData(200, "3 min 20 s")]
    [InlineData(7500, "2 h 5 min")]
    [InlineData(273600, "3 d 4 h")]
    public void Durations_use_the_largest_fitting_unit(double seconds, string expected)
    {
        Assert.Equal(expected, Format.Duration(TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Times_are_utc_for_the_script_to_localise()
    {
        var markup = Format.Time(new DateTimeOffset(2025, 3, 1, 14, 5, 9, TimeSpan.FromHours(2))).Value;
        Assert.Equal("<time datetime=\"2025-03-01T12:05:09.000Z\" title=\"2025-03-01 12:05:09 UTC\">2025-03-01 12:05:09 UTC</time>", markup);
    }

    [Theory]
    [InlineData("/jobs/failed?page=2&done=requeued&n=3", "/jobs/failed?page=2")]
    [InlineData("/job/5?op=abc", "/job/5")]
    [InlineData("/recurring", "/recurring")]
    [InlineData("http://evil/", "/")]
    [InlineData("//evil/", "/")]
    [InlineData("", "/")]
    [InlineData("/../../evil", "/evil")]
    [InlineData("/jobs/./failed/../succeeded?page=2", "/jobs/succeeded?page=2")]
    [InlineData("/%2E%2e/x", "/x")]
    [InlineData("/.//evil.example/", "/evil.example/")]
    [InlineData("/recurring/..", "/")]
    public void Return_paths_are_local_and_lose_the_previous_notice(string requested, string expected)
    {
        Assert.Equal(expected, Dashboard.Actions.ActionOutcome.ReturnPath(requested));
    }
}
