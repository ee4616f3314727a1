using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.NamespaceProperties.DeleteNamespaceProperty;

namespace ContextFunctions.Functions.NamespaceProperties;

public sealed class DeleteNamespaceProperty(Handler handler)
{
    [Function(nameof(DeleteNamespaceProperty))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ContextRoutes.NamespaceProperty)] HttpRequest request,
        string accountId, string ns, string property) =>
        handler.HandleAsync(request, accountId, ns, property);
}
