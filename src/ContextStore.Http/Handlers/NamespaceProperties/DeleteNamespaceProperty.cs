using ContextStore.Http.Handlers.SessionProperties;
using ContextStore.Names;
using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Handlers.NamespaceProperties;

/// <summary>P5: DELETE …/{ns}/properties/{property}: S5 on the session <c>__default__</c>.</summary>
public sealed class DeleteNamespaceProperty(DeleteSessionProperty sessionHandler)
{
    public Task<IResult> HandleAsync(HttpRequest request, string accountId, string ns, string property) =>
        sessionHandler.HandleAsync(request, accountId, ns, ContextLimits.DefaultSessionId, property);
}
