using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handlers = ContextStore.Http.Handlers;

namespace ContextFunctions.Functions;

/// <summary>P1–P5: the properties of a namespace (its session __default__): one function per operation, each one call into its handler in ContextStore.Http.</summary>
public sealed class NamespacePropertyFunctions(
    Handlers.NamespaceProperties.SetNamespaceProperties setNamespaceProperties,
    Handlers.NamespaceProperties.SetNamespaceProperty setNamespaceProperty,
    Handlers.NamespaceProperties.GetNamespaceProperties getNamespaceProperties,
    Handlers.NamespaceProperties.GetNamespaceProperty getNamespaceProperty,
    Handlers.NamespaceProperties.DeleteNamespaceProperty deleteNamespaceProperty)
{
    [Function(nameof(SetNamespaceProperties))]
    public Task<IResult> SetNamespaceProperties(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = ContextRoutes.NamespaceProperties)] HttpRequest request,
        string accountId, string ns) =>
        setNamespaceProperties.HandleAsync(request, accountId, ns);

    [Function(nameof(SetNamespaceProperty))]
    public Task<IResult> SetNamespaceProperty(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ContextRoutes.NamespaceProperty)] HttpRequest request,
        string accountId, string ns, string property) =>
        setNamespaceProperty.HandleAsync(request, accountId, ns, property);

    [Function(nameof(GetNamespaceProperties))]
    public Task<IResult> GetNamespaceProperties(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.NamespaceProperties)] HttpRequest request,
        string accountId, string ns) =>
        getNamespaceProperties.HandleAsync(request, accountId, ns);

    [Function(nameof(GetNamespaceProperty))]
    public Task<IResult> GetNamespaceProperty(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.NamespaceProperty)] HttpRequest request,
        string accountId, string ns, string property) =>
        getNamespaceProperty.HandleAsync(request, accountId, ns, property);

    [Function(nameof(DeleteNamespaceProperty))]
    public Task<IResult> DeleteNamespaceProperty(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ContextRoutes.NamespaceProperty)] HttpRequest request,
        string accountId, string ns, string property) =>
        deleteNamespaceProperty.HandleAsync(request, accountId, ns, property);
}
