using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.SessionTtls.ListSessionTtls;

namespace ContextFunctions.Functions.SessionTtls;

public sealed class ListSessionTtls(Handler handler)
{
    [Function(nameof(ListSessionTtls))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.SessionTtls)] HttpRequest request,
        string accountId, string ns) =>
        handler.HandleAsync(request, accountId, ns);
}
