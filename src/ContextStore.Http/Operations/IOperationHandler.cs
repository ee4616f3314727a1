using Microsoft.AspNetCore.Http;

namespace ContextStore.Http.Operations;

/// <summary>The handler of one operation of the contract, as a router calls it.</summary>
public interface IOperationHandler
{
    Task<IResult> HandleAsync(HttpRequest request, RouteArguments route);
}
