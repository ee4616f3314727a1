using ContextStore.Contract;
using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.SessionTtls;

/// <summary>T3: DELETE …/namespace/{ns}/session/{sessionId}: the session's properties and its TTL.</summary>
public sealed class DeleteSession(RequestPipeline pipeline, Sessions.SessionTtls ttls) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns, string sessionId) =>
        pipeline.RunAsync(request, nameof(DeleteSession), accountId, async (account, cancellationToken) =>
        {
            await ttls.DeleteSessionAsync(RouteNames.Session(request, account, ns, sessionId, ^1), cancellationToken);
            return ApiResults.NoContent();
        });

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace, route.SessionId);
}
