using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.SessionProperties.DeleteSessionProperties;

namespace ContextFunctions.Functions.SessionProperties;

public sealed class DeleteSessionProperties(Handler handler)
{
    [Function(nameof(DeleteSessionProperties))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ContextRoutes.SessionProperties)] HttpRequest request,
        string accountId, string ns, string sessionId) =>
        handler.HandleAsync(request, accountId, ns, sessionId);
}
