using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.NamespaceProperties.GetNamespaceProperty;

namespace ContextFunctions.Functions.NamespaceProperties;

public sealed class GetNamespaceProperty(Handler handler)
{
    [Function(nameof(GetNamespaceProperty))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.NamespaceProperty)] HttpRequest request,
        string accountId, string ns, string property) =>
        handler.HandleAsync(request, accountId, ns, property);
}
