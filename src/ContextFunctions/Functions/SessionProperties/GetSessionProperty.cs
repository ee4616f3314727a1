using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.SessionProperties.GetSessionProperty;

namespace ContextFunctions.Functions.SessionProperties;

public sealed class GetSessionProperty(Handler handler)
{
    [Function(nameof(GetSessionProperty))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.SessionProperty)] HttpRequest request,
        string accountId, string ns, string sessionId, string property) =>
        handler.HandleAsync(request, accountId, ns, sessionId, property);
}
