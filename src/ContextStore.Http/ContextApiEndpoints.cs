using ContextStore.Http.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ContextStore.Http;

/// <summary>Maps every operation of the contract (<see cref="ContextOperations"/>) onto an ASP.NET Core router (ContextServer).</summary>
public static class ContextApiEndpoints
{
    public static IEndpointRouteBuilder MapContextApi(this IEndpointRouteBuilder app)
    {
        foreach (var operation in ContextOperations.All)
        {
            // Taken once here, a singleton: resolving it per request would open a DI scope per request that nothing needs.
            var handler = (IOperationHandler)app.ServiceProvider.GetRequiredService(operation.Handler);
            app.MapMethods(operation.Route, [operation.Method], context => RunAsync(handler, context))
                .WithName(operation.Name)
                .WithMetadata(ContractOperation.Instance);
        }

        return app;
    }

    /// <summary>Whether routing matched the request to one of the contract's operations (false before routing has run).</summary>
    public static bool IsContractOperation(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ContractOperation>() is not null;

    private static async Task RunAsync(IOperationHandler handler, HttpContext context)
    {
        var result = await handler.HandleAsync(context.Request, RouteArguments.From(context.Request.RouteValues));
        await result.ExecuteAsync(context);
    }
}
