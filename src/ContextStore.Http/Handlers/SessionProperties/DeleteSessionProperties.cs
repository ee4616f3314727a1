using ContextStore.Contract;
using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.SessionProperties;

/// <summary>S6: DELETE …/{ns}/{sessionId}/properties: every property goes, the session's TTL stays.</summary>
public sealed class DeleteSessionProperties(RequestPipeline pipeline, Sessions.SessionProperties properties) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns, string sessionId) =>
        pipeline.RunAsync(request, nameof(DeleteSessionProperties), accountId, async (account, cancellationToken) =>
        {
            var key = RouteNames.Session(request, account, ns, sessionId, ^2);
            var result = await properties.DeleteAllAsync(key, IfMatchHeader.ConditionOf(request), cancellationToken);
            return ApiResults.From(result);
        });

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace, route.SessionId);
}
