using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.SessionProperties.SetSessionProperties;

namespace ContextFunctions.Functions.SessionProperties;

public sealed class SetSessionProperties(Handler handler)
{
    [Function(nameof(SetSessionProperties))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = ContextRoutes.SessionProperties)] HttpRequest request,
        string accountId, string ns, string sessionId) =>
        handler.HandleAsync(request, accountId, ns, sessionId);
}
