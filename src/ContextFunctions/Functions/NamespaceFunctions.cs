using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handlers = ContextStore.Http.Handlers;

namespace ContextFunctions.Functions;

/// <summary>N1–N3: namespaces: one function per operation, each one call into its handler in ContextStore.Http.</summary>
public sealed class NamespaceFunctions(
    Handlers.Namespaces.CreateNamespace createNamespace,
    Handlers.Namespaces.ListNamespaces listNamespaces,
    Handlers.Namespaces.DeleteNamespace deleteNamespace)
{
    [Function(nameof(CreateNamespace))]
    public Task<IResult> CreateNamespace(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ContextRoutes.Account)] HttpRequest request,
        string accountId) =>
        createNamespace.HandleAsync(request, accountId);

    [Function(nameof(ListNamespaces))]
    public Task<IResult> ListNamespaces(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.Account)] HttpRequest request,
        string accountId) =>
        listNamespaces.HandleAsync(request, accountId);

    [Function(nameof(DeleteNamespace))]
    public Task<IResult> DeleteNamespace(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ContextRoutes.Namespace)] HttpRequest request,
        string accountId, string ns) =>
        deleteNamespace.HandleAsync(request, accountId, ns);
}
