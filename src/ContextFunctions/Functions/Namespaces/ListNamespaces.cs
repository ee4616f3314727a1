using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.Namespaces.ListNamespaces;

namespace ContextFunctions.Functions.Namespaces;

public sealed class ListNamespaces(Handler handler)
{
    [Function(nameof(ListNamespaces))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.Account)] HttpRequest request,
        string accountId) =>
        handler.HandleAsync(request, accountId);
}
