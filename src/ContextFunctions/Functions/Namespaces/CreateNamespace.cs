using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.Namespaces.CreateNamespace;

namespace ContextFunctions.Functions.Namespaces;

public sealed class CreateNamespace(Handler handler)
{
    [Function(nameof(CreateNamespace))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ContextRoutes.Account)] HttpRequest request,
        string accountId) =>
        handler.HandleAsync(request, accountId);
}
