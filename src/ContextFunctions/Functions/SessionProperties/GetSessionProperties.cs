using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.SessionProperties.GetSessionProperties;

namespace ContextFunctions.Functions.SessionProperties;

public sealed class GetSessionProperties(Handler handler)
{
    [Function(nameof(GetSessionProperties))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.SessionProperties)] HttpRequest request,
        string accountId, string ns, string sessionId) =>
        handler.HandleAsync(request, accountId, ns, sessionId);
}
