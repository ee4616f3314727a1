using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.Namespaces.DeleteNamespace;

namespace ContextFunctions.Functions.Namespaces;

public sealed class DeleteNamespace(Handler handler)
{
    [Function(nameof(DeleteNamespace))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ContextRoutes.Namespace)] HttpRequest request,
        string accountId, string ns) =>
        handler.HandleAsync(request, accountId, ns);
}
