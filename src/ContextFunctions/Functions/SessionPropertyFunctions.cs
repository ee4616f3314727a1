using ContextStore.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Handlers = ContextStore.Http.Handlers;

namespace ContextFunctions.Functions;

/// <summary>S1–S6: the properties of a session: one function per operation, each one call into its handler in ContextStore.Http.</summary>
public sealed class SessionPropertyFunctions(
    Handlers.SessionProperties.SetSessionProperties setSessionProperties,
    Handlers.SessionProperties.SetSessionProperty setSessionProperty,
    Handlers.SessionProperties.GetSessionProperties getSessionProperties,
    Handlers.SessionProperties.GetSessionProperty getSessionProperty,
    Handlers.SessionProperties.DeleteSessionProperty deleteSessionProperty,
    Handlers.SessionProperties.DeleteSessionProperties deleteSessionProperties)
{
    [Function(nameof(SetSessionProperties))]
    public Task<IResult> SetSessionProperties(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = ContextRoutes.SessionProperties)] HttpRequest request,
        string accountId, string ns, string sessionId) =>
        setSessionProperties.HandleAsync(request, accountId, ns, sessionId);

    [Function(nameof(SetSessionProperty))]
    public Task<IResult> SetSessionProperty(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ContextRoutes.SessionProperty)] HttpRequest request,
        string accountId, string ns, string sessionId, string property) =>
        setSessionProperty.HandleAsync(request, accountId, ns, sessionId, property);

    [Function(nameof(GetSessionProperties))]
    public Task<IResult> GetSessionProperties(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.SessionProperties)] HttpRequest request,
        string accountId, string ns, string sessionId) =>
        getSessionProperties.HandleAsync(request, accountId, ns, sessionId);

    [Function(nameof(GetSessionProperty))]
    public Task<IResult> GetSessionProperty(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ContextRoutes.SessionProperty)] HttpRequest request,
        string accountId, string ns, string sessionId, string property) =>
        getSessionProperty.HandleAsync(request, accountId, ns, sessionId, property);

    [Function(nameof(DeleteSessionProperty))]
    public Task<IResult> DeleteSessionProperty(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ContextRoutes.SessionProperty)] HttpRequest request,
        string accountId, string ns, string sessionId, string property) =>
        deleteSessionProperty.HandleAsync(request, accountId, ns, sessionId, property);

    [Function(nameof(DeleteSessionProperties))]
    public Task<IResult> DeleteSessionProperties(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ContextRoutes.SessionProperties)] HttpRequest request,
        string accountId, string ns, string sessionId) =>
        deleteSessionProperties.HandleAsync(request, accountId, ns, sessionId);
}
