using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.SessionProperties.DeleteSessionProperty;

namespace ContextFunctions.Functions.SessionProperties;

public sealed class DeleteSessionProperty(Handler handler)
{
    [Function(nameof(DeleteSessionProperty))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ContextRoutes.SessionProperty)] HttpRequest request,
        string accountId, string ns, string sessionId, string property) =>
        handler.HandleAsync(request, accountId, ns, sessionId, property);
}
