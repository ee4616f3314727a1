using System.Text.Json;

namespace ContextFunctions.HostEmulator;

/// <summary>What the emulator reads from the app's host.json, as the host does.</summary>
public static class HostJson
{
    private const string DefaultRoutePrefix = "api";

    /// <summary><c>extensions.http.routePrefix</c>, <c>api</c> when host.json does not set it.</summary>
    public static string ReadRoutePrefix(string appDirectory)
    {
        using var hostJson = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(appDirectory, "host.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return hostJson.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
            ? prefix.GetString()?.Trim('/') ?? DefaultRoutePrefix
            : DefaultRoutePrefix;
    }
}
