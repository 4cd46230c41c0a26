#!/usr/bin/env bash
# Proves the packages alone work, not only the project references: packs every src project (Release) into a local
# folder feed, creates a fresh web app outside the repository that references Ember, Ember.Sqlite and Ember.Dashboard
# by name from that feed (other packages from the machine's configured feeds), builds and runs it: a job must succeed,
# and the dashboard and /health must answer. Usage: scripts/package_smoke.sh [work-dir]. Exits non-zero on failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
rm -rf "$work" && mkdir -p "$work/feed" "$work/app"
# A version of its own per run, so that no earlier package in the global NuGet cache stands in for this build.
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props")-smoke.$(date +%s)"

echo "== pack $version"
for project in "$root"/src/*/*.csproj; do
  dotnet pack "$project" -c Release -o "$work/feed" -p:Version="$version" -nologo -v quiet -warnaserror
done
ls "$work/feed"
# Each package carries its README and the icon, with its symbols beside it.
for package in "$work"/feed/*."$version".nupkg; do
  python3 -c 'import sys, zipfile; names = zipfile.ZipFile(sys.argv[1]).namelist(); missing = [f for f in ("README.md", "icon.png") if f not in names]; sys.exit(f"{sys.argv[1]} lacks {missing}" if missing else 0)' "$package"
  [ -f "${package%.nupkg}.snupkg" ] || { echo "$(basename "$package") has no symbol package"; exit 1; }
done

cd "$work/app"
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="ember-local" value="$work/feed" />
  </packageSources>
</configuration>
XML
# MSBuild takes the nearest Directory.*.props/targets above a project: empty ones here keep the repository's (central
# package versions, build settings) out even when the work directory lies inside it, as ./test.sh's does.
for file in Directory.Build.props Directory.Build.targets Directory.Packages.props; do echo '<Project />' > "$file"; done
cat > Smoke.csproj <<XML
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Ember" Version="$version" />
    <PackageReference Include="Ember.Sqlite" Version="$version" />
    <PackageReference Include="Ember.Dashboard" Version="$version" />
  </ItemGroup>
</Project>
XML
cat > Program.cs <<'CS'
using Ember;
using Ember.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Services.AddEmber(ember => ember
    .UseSqlite($"Data Source={Path.Combine(AppContext.BaseDirectory, "smoke.db")}")
    .AddServer(server => server.PollInterval = TimeSpan.FromMilliseconds(100)));
builder.Services.AddEmberDashboard();
builder.Services.AddHealthChecks().AddEmber();
var app = builder.Build();
app.MapEmberDashboard("/ember");
app.MapHealthChecks("/health");
await app.StartAsync();

var id = await app.Services.GetRequiredService<IBackgroundJobClient>().EnqueueAsync(() => Smoke.Run("from packages"));
var queries = app.Services.GetRequiredService<IJobStore>().Queries;
var deadline = DateTime.UtcNow.AddSeconds(30);
JobState? state = null;
while (DateTime.UtcNow < deadline && (state = (await queries.GetJobAsync(id))?.Job.State) != JobState.Succeeded)
    await Task.Delay(100);

using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
var dashboard = await http.GetAsync("/ember");
var health = await http.GetStringAsync("/health");
await app.StopAsync();
Console.WriteLine($"Package smoke: job {id} {state}, dashboard {(int)dashboard.StatusCode}, health {health}");
return state == JobState.Succeeded && dashboard.IsSuccessStatusCode && health == "Healthy" ? 0 : 1;

public static class Smoke
{
    public static void Run(string text) => Console.WriteLine($"Ran a job {text}");
}
CS

echo "== build and run the sample"
dotnet build -c Release -nologo -v quiet
dotnet run -c Release --no-build
