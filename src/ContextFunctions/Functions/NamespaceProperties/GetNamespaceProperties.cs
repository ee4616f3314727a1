using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handler = ContextStore.Http.Handlers.NamespaceProperties.GetNamespaceProperties;

namespace ContextFunctions.Functions.NamespaceProperties;

public sealed class GetNamespaceProperties(Handler handler)
{
    [Function(nameof(GetNamespaceProperties))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.NamespaceProperties)] HttpRequest request,
        string accountId, string ns) =>
        handler.HandleAsync(request, accountId, ns);
}
