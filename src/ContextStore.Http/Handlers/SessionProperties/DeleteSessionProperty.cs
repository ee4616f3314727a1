using ContextStore.Contract;
using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.SessionProperties;

/// <summary>S5: DELETE …/{ns}/{sessionId}/properties/{property}; idempotent.</summary>
public sealed class DeleteSessionProperty(RequestPipeline pipeline, Sessions.SessionProperties properties) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns, string sessionId, string property) =>
        HandleAsync(nameof(DeleteSessionProperty), request, accountId, ns, sessionId, property);

    /// <summary>As the operation <paramref name="operationName"/>: a namespace's operation runs this one on its session <c>__default__</c>.</summary>
    internal Task<IResult> HandleAsync(string operationName, HttpRequest request, string accountId, string ns, string sessionId, string property) =>
        pipeline.RunAsync(request, operationName, accountId, async (account, cancellationToken) =>
        {
            var key = RouteNames.Session(request, account, ns, sessionId, ^3);
            var name = RouteNames.Property(request, property);
            var result = await properties.DeleteAsync(key, name, IfMatchHeader.ConditionOf(request), cancellationToken);
            return ApiResults.From(result);
        });

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace, route.SessionId, route.Property);
}
