using Microsoft.Playwright;

namespace Ember.Dashboard.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (its driver ships in the NuGet package; no browser download). When
/// Chromium can't start, every browser test fails with the reason: under ./test.sh they must run, never skip.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Where Chromium is: EMBER_CHROMIUM, or Debian's package (scripts/prerequisites.sh installs it).</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("EMBER_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"Chromium is not at {ExecutablePath}: install it with `apt-get install -y chromium` (./test.sh does), or set EMBER_CHROMIUM.");
        try
        {
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                Timeout = 60_000,
            });
        }
        catch (Exception ex) when (ex is PlaywrightException or InvalidOperationException or IOException)
        {
            throw new InvalidOperationException($"Chromium at {ExecutablePath} could not be started by Playwright: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// A new desktop-sized page (1280×900) that adds script errors and Content-Security-Policy violations to
    /// <paramref name="errors"/> (a clean page adds none) and accepts confirmation dialogs, as a user who clicks OK.
    /// </summary>
    public async Task<IPage> NewWatchedPageAsync(List<string> errors, string? timezoneId)
    {
        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, TimezoneId = timezoneId });
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) => { if (message.Type == "error") errors.Add($"{message.Text} ({message.Location})"); };
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>
    /// Where the screenshots go: the repository's docs/images (for docs/dashboard.md) when EMBER_UPDATE_SCREENSHOTS=1,
    /// otherwise the test output, so that an ordinary test run leaves the working tree clean.
    /// </summary>
    public static string ImagesFolder()
    {
        if (Environment.GetEnvironmentVariable("EMBER_UPDATE_SCREENSHOTS") != "1")
            return Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Ember.sln"))) directory = directory.Parent;
        var images = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Ember.sln not found above " + AppContext.BaseDirectory), "docs", "images");
        Directory.CreateDirectory(images);
        return images;
    }
}
