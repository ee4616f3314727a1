using System.Text.Json;
using ContextStore.Contract;
using ContextStore.Http.Operations;
using ContextStore.Http.Pipeline;
using ContextStore.Http.Responses;
using ContextStore.Sessions;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.SessionProperties;

/// <summary>S1: PATCH …/{ns}/{sessionId}/properties with a JSON object, merged shallowly.</summary>
public sealed class SetSessionProperties(RequestPipeline pipeline, Sessions.SessionProperties properties) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns, string sessionId) =>
        HandleAsync(nameof(SetSessionProperties), request, accountId, ns, sessionId);

    /// <summary>As the operation <paramref name="operationName"/>: a namespace's operation runs this one on its session <c>__default__</c>.</summary>
    internal Task<IResult> HandleAsync(string operationName, HttpRequest request, string accountId, string ns, string sessionId) =>
        pipeline.RunAsync(request, operationName, accountId, async (account, cancellationToken) =>
        {
            var key = RouteNames.Session(request, account, ns, sessionId, ^2);
            // MergeAsync turns the members into stored text before it returns, so the body is not copied.
            using var body = await RequestBody.ReadObjectDocumentAsync(request, "the properties to merge", cancellationToken);
            var changes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in body.RootElement.EnumerateObject())
            {
                changes[ContextNames.ValidatePropertyName(property.Name)] = property.Value;
            }

            var result = await properties.MergeAsync(key, changes, IfMatchHeader.ConditionOf(request), cancellationToken);
            return ApiResults.From(result);
        });

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace, route.SessionId);
}
