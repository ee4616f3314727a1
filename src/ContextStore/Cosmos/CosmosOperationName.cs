using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Azure.Cosmos;

namespace ContextStore.Cosmos;

/// <summary>
/// A low-cardinality name for what a Cosmos DB request does: <c>ReadItem</c>, <c>Query</c>, <c>ReplaceItem</c>,
/// <c>ReadContainer</c> … Never an id from the address. The SDK keeps the request's operation and resource types
/// internal: they are read when the SDK has them under the names it has had since 3.0, and otherwise the name is made
/// from the method, the kind of resource the address names, and the headers.
/// </summary>
internal static class CosmosOperationName
{
    private static readonly PropertyInfo? OperationType = Internal("OperationType");
    private static readonly PropertyInfo? ResourceType = Internal("ResourceType");

    /// <summary>Names by the SDK's (operation, resource) pair: a bounded set, each name made once.</summary>
    private static readonly ConcurrentDictionary<(Enum Operation, Enum Resource), string> ByTypes = new();

    public static string Of(RequestMessage request) =>
        OperationType?.GetValue(request) is Enum operation && ResourceType?.GetValue(request) is Enum resource
            ? ByTypes.GetOrAdd((operation, resource), static types => FromTypes(types.Operation.ToString(), types.Resource.ToString()))
            : FromAddress(request);

    internal static string FromTypes(string operation, string resource) => (operation, resource) switch
    {
        ("Query" or "SqlQuery", _) => "Query",
        ("QueryPlan", _) => "QueryPlan",
        (_, "Document") => operation + "Item",
        (_, "Collection") => operation + "Container",
        (_, "PartitionKey") => operation + "PartitionKey",
        _ => operation + resource,
    };

    internal static string FromAddress(RequestMessage request)
    {
        var path = request.RequestUri?.OriginalString ?? "";
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var segments = (query < 0 ? path : path[..query]).Split('/', StringSplitOptions.RemoveEmptyEntries);
        // dbs/{db}/colls/{coll}/docs/{id}: an even count names one resource, an odd count a feed of them.
        var one = segments.Length % 2 == 0;
        var kind = segments.Length == 0 ? "" : one ? segments[^2] : segments[^1];
        var method = request.Method.Method;

        if (kind == "operations" || (segments.Length > 0 && segments[^1] == "partitionkeydelete"))
        {
            return "DeleteAllByPartitionKey";
        }

        var resource = kind switch
        {
            "docs" => "Item",
            "colls" => "Container",
            "dbs" => "Database",
            "pkranges" => "PartitionKeyRange",
            "offers" => "Offer",
            "" => "Account",
            _ => "Resource",
        };

        if (method == "POST" && (IsTrue(request, "x-ms-documentdb-isquery") || IsTrue(request, "x-ms-cosmos-is-query-plan-request")))
        {
            return IsTrue(request, "x-ms-cosmos-is-query-plan-request") ? "QueryPlan" : "Query";
        }

        return method switch
        {
            "GET" => one || resource == "Account" ? "Read" + resource : "ReadFeed",
            // An item is created by a POST to its container's address.
            "POST" when one && resource == "Container" => IsTrue(request, "x-ms-documentdb-is-upsert") ? "UpsertItem" : "CreateItem",
            "POST" => IsTrue(request, "x-ms-documentdb-is-upsert") ? "Upsert" + resource : "Create" + resource,
            "PUT" => "Replace" + resource,
            "PATCH" => "Patch" + resource,
            "DELETE" => "Delete" + resource,
            _ => "Other",
        };
    }

    private static bool IsTrue(RequestMessage request, string header) =>
        string.Equals(request.Headers[header], "true", StringComparison.OrdinalIgnoreCase);

    private static PropertyInfo? Internal(string name) =>
        typeof(RequestMessage).GetProperty(name, BindingFlags.Instance | BindingFlags.NonPublic) is { PropertyType.IsEnum: true } property
            ? property
            : null;
}
