using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.SessionTtls.DeleteSession;

namespace ContextFunctions.Functions.SessionTtls;

public sealed class DeleteSession(Handler handler)
{
    [Function(nameof(DeleteSession))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ContextRoutes.SessionTtl)] HttpRequest request,
        string accountId, string ns, string sessionId) =>
        handler.HandleAsync(request, accountId, ns, sessionId);
}
