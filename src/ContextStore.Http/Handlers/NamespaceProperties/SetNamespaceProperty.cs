using ContextStore.Contract;
using ContextStore.Http.Handlers.SessionProperties;
using ContextStore.Http.Operations;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.NamespaceProperties;

/// <summary>P2: PUT …/{ns}/properties/{property}: S2 on the session <c>__default__</c>.</summary>
public sealed class SetNamespaceProperty(SetSessionProperty sessionHandler) : IOperationHandler
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns, string property) =>
        sessionHandler.HandleAsync(nameof(SetNamespaceProperty), request, accountId, ns, ContextLimits.DefaultSessionId, property);

    Task<IResult> IOperationHandler.HandleAsync(HttpRequest request, RouteArguments route) =>
        HandleAsync(request, route.AccountId, route.Namespace, route.Property);
}
