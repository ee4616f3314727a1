using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using ContextStore.Namespaces;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContextStore.Http.Handlers.Namespaces;

/// <summary>N2: GET /v1/account/{accountId}: the registered namespaces, streamed.</summary>
public sealed class ListNamespaces(RequestPipeline pipeline, NamespaceRegistry registry, ILogger<ListNamespaces> logger) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId) =>
        pipeline.RunAsync(request, nameof(ListNamespaces), accountId, (account, cancellationToken) =>
            Task.FromResult<IResult>(StreamedJsonArrayResult<NamespaceBody>.Serialized(
                registry.StreamAsync(account, cancellationToken)
                    .Select(n => new NamespaceBody(n.Name, ContextJson.Timestamp(n.CreatedAt), n.TtlSecond)),
                "namespaces",
                logger)));

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId);
}
