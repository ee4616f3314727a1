using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.SessionProperties.SetSessionProperty;

namespace ContextFunctions.Functions.SessionProperties;

public sealed class SetSessionProperty(Handler handler)
{
    [Function(nameof(SetSessionProperty))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ContextRoutes.SessionProperty)] HttpRequest request,
        string accountId, string ns, string sessionId, string property) =>
        handler.HandleAsync(request, accountId, ns, sessionId, property);
}
