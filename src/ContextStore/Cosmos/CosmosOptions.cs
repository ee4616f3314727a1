namespace ContextStore.Cosmos;

/// <summary>Configuration section <c>Cosmos</c>.</summary>
public sealed class CosmosOptions
{
    public const string Section = "Cosmos";

    /// <summary>Account endpoint, e.g. https://my-account.documents.azure.com:443/.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Account key for the emulator or the local server; empty means Microsoft Entra ID (managed identity).</summary>
    public string? Key { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty uses DefaultAzureCredential's own choice.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public string Database { get; set; } = "context";

    public string Container { get; set; } = "sessions";

    /// <summary>Create the database and container at start-up: local runs only; in Azure the infrastructure creates them.</summary>
    public bool CreateIfNotExists { get; set; }

    /// <summary>Gateway (default, HTTPS only) or Direct.</summary>
    public string ConnectionMode { get; set; } = "Gateway";

    /// <summary>
    /// The largest session document the store sends, in UTF-8 bytes: Cosmos DB's 2 MB item limit less room for the
    /// system properties it adds. A larger one is refused with 413 before it is sent.
    /// </summary>
    public int MaxItemBytes { get; set; } = Names.ContextLimits.MaxStoredDocumentBytes;

    /// <summary>How long one Cosmos DB request may take before the API answers 503.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Skip TLS certificate validation, for the emulator's self-signed certificate.
    /// Honoured only for loopback endpoints.
    /// </summary>
    public bool AcceptEmulatorCertificate { get; set; }
}
