using System.ComponentModel.DataAnnotations;
using Microsoft.Azure.Cosmos;

namespace ContextStore.Cosmos;

/// <summary>Configuration section <c>Cosmos</c>.</summary>
public sealed class CosmosOptions : IValidatableObject
{
    public const string Section = "Cosmos";

    /// <summary>Account endpoint, e.g. https://my-account.documents.azure.com:443/.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary>Account key for the emulator or the local server; empty means Microsoft Entra ID (managed identity).</summary>
    public string? Key { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty uses DefaultAzureCredential's own choice.</summary>
    public string? ManagedIdentityClientId { get; set; }

    [Required(AllowEmptyStrings = false, ErrorMessage = "Cosmos:Database must name the database (for example context).")]
    public string Database { get; set; } = "context";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Cosmos:Container must name the container (for example sessions).")]
    public string Container { get; set; } = "sessions";

    /// <summary>Create the database and container at start-up: local runs only; in Azure the infrastructure creates them.</summary>
    public bool CreateIfNotExists { get; set; }

    /// <summary>
    /// Read once from Cosmos DB as the host starts, so that the first request does not pay for the client's
    /// metadata reads and token (default true).
    /// </summary>
    public bool WarmUpAtStart { get; set; } = true;

    /// <summary>Gateway (default, HTTPS only) or Direct.</summary>
    [EnumDataType(typeof(ConnectionMode), ErrorMessage = "Cosmos:ConnectionMode must be Gateway or Direct.")]
    public ConnectionMode ConnectionMode { get; set; } = ConnectionMode.Gateway;

    /// <summary>
    /// The largest session document the store sends, in UTF-8 bytes: Cosmos DB's 2 MB item limit less room for the
    /// system properties it adds. A larger one is refused with 413 before it is sent.
    /// </summary>
    [Range(1024, int.MaxValue, ErrorMessage = "Cosmos:MaxItemBytes must be a whole number of bytes from 1024 to 2147483647.")]
    public int MaxItemBytes { get; set; } = Contract.ContextLimits.MaxStoredDocumentBytes;

    /// <summary>How long one Cosmos DB request may take before the API answers 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00",
        ErrorMessage = "Cosmos:RequestTimeout must be a time span from 00:00:00.001 to 00:10:00.")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A Cosmos DB call slower than this (retries included) is logged as a warning with the SDK's diagnostics, and its
    /// trace carries them.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00",
        ErrorMessage = "Cosmos:SlowRequestThreshold must be a time span from 00:00:00.001 to 00:10:00.")]
    public TimeSpan SlowRequestThreshold { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Skip TLS certificate validation, for the emulator's self-signed certificate.
    /// Honoured only for loopback endpoints.
    /// </summary>
    public bool AcceptEmulatorCertificate { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult(
                $"Cosmos:Endpoint must be an absolute http(s) URL (for example https://my-account.documents.azure.com:443/); it is '{Endpoint}'.",
                [nameof(Endpoint)]);
        }
    }
}
