using ContextStore.Contract;
using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.SessionProperties;

/// <summary>S4: GET …/{ns}/{sessionId}/properties/{property}: the JSON encoding of the bare value, or 404.</summary>
public sealed class GetSessionProperty(RequestPipeline pipeline, Sessions.SessionProperties properties) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns, string sessionId, string property) =>
        HandleAsync(nameof(GetSessionProperty), request, accountId, ns, sessionId, property);

    /// <summary>As the operation <paramref name="operationName"/>: a namespace's operation runs this one on its session <c>__default__</c>.</summary>
    internal Task<IResult> HandleAsync(string operationName, HttpRequest request, string accountId, string ns, string sessionId, string property) =>
        pipeline.RunAsync(request, operationName, accountId, async (account, cancellationToken) =>
        {
            var key = RouteNames.Session(request, account, ns, sessionId, ^3);
            var name = RouteNames.Property(request, property);
            var snapshot = await properties.GetOneAsync(key, name, cancellationToken);
            return snapshot is null
                ? ApiError.NotFound($"Property '{name}' was not found.")
                : ApiResults.StoredJson(snapshot.Json, snapshot.ETag);
        });

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace, route.SessionId, route.Property);
}
