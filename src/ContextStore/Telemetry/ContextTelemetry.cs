using System.Diagnostics;

namespace ContextStore.Telemetry;

/// <summary>
/// The names of the service's own signals: one <see cref="System.Diagnostics.Metrics.Meter"/> and one
/// <see cref="ActivitySource"/>, both called <see cref="Name"/>, in both hosts. Tags carry operations, statuses and
/// outcomes only: never an API key, a property value or an account id (docs/operations.md, "Signals").
/// </summary>
public static class ContextTelemetry
{
    /// <summary>The meter's and the activity source's name, which an exporter subscribes to.</summary>
    public const string Name = "ContextFunctions";

    /// <summary>Cosmos DB's own activity source (its distributed tracing, on in <see cref="Cosmos.CosmosClientFactory"/>).</summary>
    public const string CosmosActivitySource = "Azure.Cosmos.Operation";

    /// <summary>The activities of the operations and of the sweep.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    /// <summary>Tag names, OpenTelemetry's where it has one.</summary>
    public static class Tags
    {
        public const string Route = "http.route";
        public const string Method = "http.request.method";
        public const string StatusCode = "http.response.status_code";
        public const string ErrorType = "error.type";

        /// <summary>2xx, 4xx or 5xx: the status class of an answer.</summary>
        public const string StatusClass = "contextstore.status_class";

        /// <summary>The contract operation (its function's name) or the sweep a signal was recorded for.</summary>
        public const string Operation = "contextstore.operation";

        /// <summary>Cosmos DB's operation type (Read, Replace, Query …).</summary>
        public const string CosmosOperation = "db.operation.name";

        public const string CosmosStatusCode = "db.response.status_code";
    }
}
