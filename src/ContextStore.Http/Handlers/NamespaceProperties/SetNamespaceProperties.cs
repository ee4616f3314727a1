using ContextStore.Contract;
using ContextStore.Http.Handlers.SessionProperties;
using ContextStore.Http.Operations;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.NamespaceProperties;

/// <summary>P1: PATCH …/{ns}/properties: S1 on the session <c>__default__</c>.</summary>
public sealed class SetNamespaceProperties(SetSessionProperties sessionHandler) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns) =>
        sessionHandler.HandleAsync(nameof(SetNamespaceProperties), request, accountId, ns, ContextLimits.DefaultSessionId);

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace);
}
