using ContextStore.Contract;
using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.SessionProperties;

/// <summary>S3: GET …/{ns}/{sessionId}/properties, optional <c>?include=a,b</c>; an unknown session is <c>{}</c>.</summary>
public sealed class GetSessionProperties(RequestPipeline pipeline, Sessions.SessionProperties properties) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns, string sessionId) =>
        HandleAsync(nameof(GetSessionProperties), request, accountId, ns, sessionId);

    /// <summary>As the operation <paramref name="operationName"/>: a namespace's operation runs this one on its session <c>__default__</c>.</summary>
    internal Task<IResult> HandleAsync(string operationName, HttpRequest request, string accountId, string ns, string sessionId) =>
        pipeline.RunAsync(request, operationName, accountId, async (account, cancellationToken) =>
        {
            var key = RouteNames.Session(request, account, ns, sessionId, ^2);
            if (RouteNames.Include(request) is { } include)
            {
                var selected = await properties.GetAsync(key, include, cancellationToken);
                return ApiResults.StoredJson(selected.Properties.Json, selected.ETag);
            }

            // All properties, the common read: the stored text goes out as it came from Cosmos DB.
            var all = await properties.GetJsonAsync(key, cancellationToken);
            return ApiResults.StoredJson(all.Utf8Json, all.ETag);
        });

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace, route.SessionId);
}
