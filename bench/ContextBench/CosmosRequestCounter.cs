using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Cosmos;

namespace ContextBench;

/// <summary>
/// Counts the Cosmos DB requests a client sends, by operation. Registered as a <see cref="RequestHandler"/>
/// in <see cref="CosmosClientOptions.CustomHandlers"/>, so it sees each logical operation once (above the
/// SDK's own retries). The operation type is internal to the SDK; it is read by reflection, with the HTTP
/// method and headers as the fallback.
/// </summary>
public sealed class CosmosRequestCounter : RequestHandler
{
    private static readonly PropertyInfo? OperationTypeProperty =
        typeof(RequestMessage).GetProperty("OperationType", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    private static readonly PropertyInfo? ResourceTypeProperty =
        typeof(RequestMessage).GetProperty("ResourceType", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    private ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public override Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        _counts.AddOrUpdate(Classify(request), 1, (_, n) => n + 1);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>The counts since the last reset, and starts counting from zero.</summary>
    public RequestCounts Reset() => new(Interlocked.Exchange(ref _counts, new(StringComparer.Ordinal)));

    public RequestCounts Peek() => new(new Dictionary<string, long>(_counts));

    /// <summary>"Document.Read", "Document.Query", "Document.QueryPlan", "Document.Upsert", "Collection.Read", …</summary>
    private static string Classify(RequestMessage request)
    {
        var operation = OperationTypeProperty?.GetValue(request)?.ToString();
        var resource = ResourceTypeProperty?.GetValue(request)?.ToString();
        if (operation is not null && resource is not null)
        {
            return $"{resource}.{operation}";
        }

        var headers = request.Headers;
        var kind = request.Method.Method switch
        {
            "GET" => "Read",
            "PUT" => "Replace",
            "PATCH" => "Patch",
            "DELETE" => "Delete",
            "POST" when headers["x-ms-cosmos-is-query-plan-request"] is not null => "QueryPlan",
            "POST" when headers["x-ms-documentdb-isquery"] is not null => "Query",
            "POST" when headers["x-ms-documentdb-is-upsert"] is not null => "Upsert",
            "POST" => "Create",
            var other => other,
        };
        var uri = request.RequestUri?.OriginalString ?? "";
        return (uri.Contains("/docs", StringComparison.Ordinal) ? "Document." : "Other.") + kind;
    }
}

/// <summary>Requests by "Resource.Operation", and grouped as reads, writes, queries and others.</summary>
public sealed class RequestCounts(IReadOnlyDictionary<string, long> byOperation)
{
    private static readonly string[] WriteOperations = ["Create", "Upsert", "Replace", "Patch", "Delete", "Batch"];

    public IReadOnlyDictionary<string, long> ByOperation { get; } = byOperation;

    public long Total => ByOperation.Values.Sum();

    public long Reads => Sum(k => k == "Document.Read");

    public long Writes => Sum(k => k.StartsWith("Document.", StringComparison.Ordinal) && WriteOperations.Contains(k["Document.".Length..]));

    /// <summary>Query pages and the query-plan requests the SDK sends before cross-partition or non-trivial queries.</summary>
    public long Queries => Sum(k => k is "Document.Query" or "Document.QueryPlan" or "Document.SqlQuery" or "Document.ReadFeed");

    public long Others => Total - Reads - Writes - Queries;

    private long Sum(Func<string, bool> match) => ByOperation.Where(p => match(p.Key)).Sum(p => p.Value);
}
