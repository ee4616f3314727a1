using ContextStore.Http.Health;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ContextFunctions.Functions;

/// <summary>
/// GET /readyz, as ContextServer answers it: whether Cosmos DB answers. No operation of the contract and no API key: the
/// target of the deployment's availability test (infra/modules/alerts.bicep).
/// </summary>
public sealed class ReadinessFunction(ReadinessProbe probe)
{
    [Function(Readiness.FunctionName)]
    public Task<IResult> CheckReadiness(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Readiness.Route)] HttpRequest request) =>
        probe.AnswerAsync(request.HttpContext.RequestAborted);
}
