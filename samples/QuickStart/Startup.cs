using Microsoft.AspNetCore.Connections;

namespace QuickStart;

/// <summary>Starts the app, turning a port already in use into one line that says how to choose another.</summary>
public static class Startup
{
    public static async Task<bool> TryStartAsync(WebApplication app, string urls)
    {
        try
        {
            await app.StartAsync();
            return true;
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            // Ember's servers started before Kestrel failed to bind: stopping takes them out of the server registry.
            await app.StopAsync();
            var port = urls.Split(';')[0].TrimEnd('/').Split(':')[^1];
            Console.Error.WriteLine($"Port {port} is already in use ({urls}). Choose another: dotnet run --project samples/QuickStart -- --urls http://127.0.0.1:5081");
            return false;
        }
    }
}
