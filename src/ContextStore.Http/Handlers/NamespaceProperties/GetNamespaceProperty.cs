using ContextStore.Http.Handlers.SessionProperties;
using ContextStore.Names;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.NamespaceProperties;

/// <summary>P4: GET …/{ns}/properties/{property}: S4 on the session <c>__default__</c>.</summary>
public sealed class GetNamespaceProperty(GetSessionProperty sessionHandler)
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns, string property) =>
        sessionHandler.HandleAsync(request, accountId, ns, ContextLimits.DefaultSessionId, property);
}
