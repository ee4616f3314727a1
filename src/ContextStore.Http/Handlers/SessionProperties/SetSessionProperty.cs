using ContextStore.Contract;
using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.SessionProperties;

/// <summary>S2: PUT …/{ns}/{sessionId}/properties/{property} with any JSON value.</summary>
public sealed class SetSessionProperty(RequestPipeline pipeline, Sessions.SessionProperties properties) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns, string sessionId, string property) =>
        HandleAsync(nameof(SetSessionProperty), request, accountId, ns, sessionId, property);

    /// <summary>As the operation <paramref name="operationName"/>: a namespace's operation runs this one on its session <c>__default__</c>.</summary>
    internal Task<IResult> HandleAsync(string operationName, HttpRequest request, string accountId, string ns, string sessionId, string property) =>
        pipeline.RunAsync(request, operationName, accountId, async (account, cancellationToken) =>
        {
            var key = RouteNames.Session(request, account, ns, sessionId, ^3);
            var name = RouteNames.Property(request, property);
            var value = await RequestBody.ReadValueAsync(request, cancellationToken);
            var result = await properties.SetAsync(key, name, value, IfMatchHeader.ConditionOf(request), cancellationToken);
            return ApiResults.From(result);
        });

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace, route.SessionId, route.Property);
}
