using Microsoft.Azure.Cosmos;

namespace ContextStore.Cosmos;

/// <summary>
/// A low-cardinality name for what a Cosmos DB request does (the SDK keeps its operation type internal), from its
/// method, the kind of resource its address names and its headers: <c>ReadItem</c>, <c>Query</c>, <c>ReplaceItem</c>,
/// <c>ReadContainer</c> … Never an id from the address.
/// </summary>
internal static class CosmosOperationName
{
    public static string Of(RequestMessage request)
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
            "POST" => IsTrue(request, "x-ms-documentdb-is-upsert") ? "Upsert" + resource : "Create" + resource,
            "PUT" => "Replace" + resource,
            "PATCH" => "Patch" + resource,
            "DELETE" => "Delete" + resource,
            _ => "Other",
        };
    }

    private static bool IsTrue(RequestMessage request, string header) =>
        string.Equals(request.Headers[header], "true", StringComparison.OrdinalIgnoreCase);
}
