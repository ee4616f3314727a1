using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handlers = ContextStore.Http.Handlers;

namespace ContextFunctions.Functions;

/// <summary>T1–T3: sessions' own TTLs: one function per operation, each one call into its handler in ContextStore.Http.</summary>
public sealed class SessionTtlFunctions(
    Handlers.SessionTtls.SetSessionTtl setSessionTtl,
    Handlers.SessionTtls.ListSessionTtls listSessionTtls,
    Handlers.SessionTtls.DeleteSession deleteSession)
{
    [Function(nameof(SetSessionTtl))]
    public Task<IResult> SetSessionTtl(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ContextRoutes.SessionTtls)] HttpRequest request,
        string accountId, string ns) =>
        setSessionTtl.HandleAsync(request, accountId, ns);

    [Function(nameof(ListSessionTtls))]
    public Task<IResult> ListSessionTtls(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.SessionTtls)] HttpRequest request,
        string accountId, string ns) =>
        listSessionTtls.HandleAsync(request, accountId, ns);

    [Function(nameof(DeleteSession))]
    public Task<IResult> DeleteSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ContextRoutes.SessionTtl)] HttpRequest request,
        string accountId, string ns, string sessionId) =>
        deleteSession.HandleAsync(request, accountId, ns, sessionId);
}
