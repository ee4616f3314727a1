using ContextStore.Contract;
using ContextStore.Http.Handlers.SessionProperties;
using ContextStore.Http.Operations;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.NamespaceProperties;

/// <summary>P4: GET …/{ns}/properties/{property}: S4 on the session <c>__default__</c>.</summary>
public sealed class GetNamespaceProperty(GetSessionProperty sessionHandler) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns, string property) =>
        sessionHandler.HandleAsync(nameof(GetNamespaceProperty), request, accountId, ns, ContextLimits.DefaultSessionId, property);

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace, route.Property);
}
