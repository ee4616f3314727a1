using System.Text.Json;
using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace ContextStore.Cosmos;

/// <summary>Builds the process's one <see cref="CosmosClient"/> from <see cref="CosmosOptions"/>.</summary>
public static class CosmosClientFactory
{
    public static CosmosClient Create(CosmosOptions options, IEnumerable<RequestHandler>? handlers = null)
    {
        // Azure SDKs create activities from their ActivitySource only with this switch on (Azure.Core's rule).
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint))
        {
            throw new InvalidOperationException(
                $"Cosmos:Endpoint must be an absolute URL (for example https://my-account.documents.azure.com:443/); it is '{options.Endpoint}'.");
        }

        var clientOptions = new CosmosClientOptions
        {
            ApplicationName = "ContextFunctions",
            ConnectionMode = options.ConnectionMode,
            UseSystemTextJsonSerializerWithOptions = CosmosJson.Options,
            RequestTimeout = options.RequestTimeout,
            // A local server or emulator advertises addresses of its own; stay on the one configured.
            LimitToEndpoint = endpoint.IsLoopback,
            MaxRetryWaitTimeOnRateLimitedRequests = TimeSpan.FromSeconds(5),
            EnableContentResponseOnWrite = false,
            // Activities from the "Azure.Cosmos.Operation" source, which carry the diagnostics of a call slower than
            // the threshold; never the query text.
            CosmosClientTelemetryOptions = new CosmosClientTelemetryOptions
            {
                DisableDistributedTracing = false,
                QueryTextMode = QueryTextMode.None,
                CosmosThresholdOptions = new CosmosThresholdOptions
                {
                    PointOperationLatencyThreshold = options.SlowRequestThreshold,
                    NonPointOperationLatencyThreshold = options.SlowRequestThreshold,
                },
            },
        };
        foreach (var handler in handlers ?? [])
        {
            clientOptions.CustomHandlers.Add(handler);
        }

        if (options.AcceptEmulatorCertificate && endpoint.IsLoopback)
        {
            clientOptions.HttpClientFactory = () => new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            });
        }

        if (!string.IsNullOrEmpty(options.Key))
        {
            return new CosmosClient(options.Endpoint, options.Key, clientOptions);
        }

        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = string.IsNullOrEmpty(options.ManagedIdentityClientId) ? null : options.ManagedIdentityClientId,
        });
        return new CosmosClient(options.Endpoint, credential, clientOptions);
    }
}
