namespace ContextStore.Testing;

/// <summary>
/// The Cosmos DB endpoint the integration tests use: <c>Cosmos__Endpoint</c>/<c>Cosmos__Key</c>, set by
/// scripts/test.sh (the project's local server, or the official emulator when the caller set them).
/// </summary>
public static class LocalCosmos
{
    /// <summary>The well-known key of the Cosmos DB emulator; the local server accepts any key.</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    public static string Endpoint =>
        Environment.GetEnvironmentVariable("Cosmos__Endpoint") is { Length: > 0 } endpoint
            ? endpoint
            : throw new InvalidOperationException(
                "Cosmos__Endpoint is not set. Run the tests with scripts/test.sh, which starts the local Cosmos server " +
                "(or set Cosmos__Endpoint and Cosmos__Key to a running emulator).");

    public static string Key => Environment.GetEnvironmentVariable("Cosmos__Key") is { Length: > 0 } key ? key : EmulatorKey;

    /// <summary>Settings for a fresh container of the test database, so test classes never see each other's data.</summary>
    public static Dictionary<string, string?> FreshContainerSettings() => new()
    {
        ["Cosmos:Endpoint"] = Endpoint,
        ["Cosmos:Key"] = Key,
        ["Cosmos:Database"] = "context-tests",
        ["Cosmos:Container"] = $"sessions-{Guid.NewGuid():N}",
        ["Cosmos:CreateIfNotExists"] = "true",
        ["Cosmos:AcceptEmulatorCertificate"] = "true",
        ["Cosmos:RequestTimeout"] = "00:00:10",
        // The sweep's pace protects a brand's throughput in Azure; the tests measure what it removes, not how slowly.
        ["Sweeper:MaxRemovalsPerSecond"] = "100000",
    };
}
