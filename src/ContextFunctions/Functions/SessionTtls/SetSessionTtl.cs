using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.SessionTtls.SetSessionTtl;

namespace ContextFunctions.Functions.SessionTtls;

public sealed class SetSessionTtl(Handler handler)
{
    [Function(nameof(SetSessionTtl))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ContextRoutes.SessionTtls)] HttpRequest request,
        string accountId, string ns) =>
        handler.HandleAsync(request, accountId, ns);
}
