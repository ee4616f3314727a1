using ContextStore.Contract;
using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using ContextStore.Namespaces;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.Namespaces;

/// <summary>N3: DELETE /v1/account/{accountId}/{ns}.</summary>
public sealed class DeleteNamespace(RequestPipeline pipeline, NamespaceRegistry registry) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns) =>
        pipeline.RunAsync(request, nameof(DeleteNamespace), accountId, async (account, cancellationToken) =>
        {
            await registry.DeleteAsync(account, RequestNames.Namespace(ns), cancellationToken);
            return ApiResults.NoContent();
        });

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace);
}
