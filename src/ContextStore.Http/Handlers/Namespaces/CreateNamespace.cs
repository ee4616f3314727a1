using ContextStore.Contract;
using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using ContextStore.Namespaces;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.Namespaces;

/// <summary>N1: POST /v1/account/{accountId} <c>{"name":"ns"}</c>, optional <c>?ttlSecond=n</c>.</summary>
public sealed class CreateNamespace(RequestPipeline pipeline, NamespaceRegistry registry) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId) =>
        pipeline.RunAsync(request, nameof(CreateNamespace), accountId, async (account, cancellationToken) =>
        {
            const string expected = "{\"name\":\"<namespace>\"}";
            var body = await RequestBody.ReadObjectAsync(request, expected, cancellationToken);
            var name = RequestNames.Namespace(RequestBody.RequiredString(body, "name", expected));
            int? ttl = request.Query.ContainsKey("ttlSecond") ? RequestParameters.ParseTtlSecond(request.Query["ttlSecond"]) : null;
            await registry.RegisterAsync(account, name, ttl, cancellationToken);
            return ApiResults.NoContent();
        });

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId);
}
