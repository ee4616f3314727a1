using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.NamespaceProperties.SetNamespaceProperty;

namespace ContextFunctions.Functions.NamespaceProperties;

public sealed class SetNamespaceProperty(Handler handler)
{
    [Function(nameof(SetNamespaceProperty))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ContextRoutes.NamespaceProperty)] HttpRequest request,
        string accountId, string ns, string property) =>
        handler.HandleAsync(request, accountId, ns, property);
}
