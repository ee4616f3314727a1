using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using ContextStore.Namespaces;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.Namespaces;

/// <summary>N2: GET /v1/account/{accountId}.</summary>
public sealed class ListNamespaces(RequestPipeline pipeline, NamespaceRegistry registry)
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId) =>
        pipeline.RunAsync(request, accountId, async (account, cancellationToken) =>
        {
            var namespaces = await registry.ListAsync(account, cancellationToken);
            return ApiResults.Json(namespaces
                .Select(n => new NamespaceBody(n.Name, ContextJson.Timestamp(n.CreatedAt), n.TtlSecond))
                .ToList());
        });
}
