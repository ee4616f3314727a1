using System.Diagnostics;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace ContextFunctions.HostEmulator;

/// <summary>The invocation request the host sends for one call of a function: a new invocation id and a W3C trace context (the worker requires one).</summary>
public static class InvocationRequests
{
    public static InvocationRequest For(LoadedFunction function, TypedData triggerData) => new()
    {
        InvocationId = Guid.NewGuid().ToString(),
        FunctionId = function.FunctionId,
        TraceContext = new RpcTraceContext { TraceParent = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00" },
        InputData = { new ParameterBinding { Name = function.Trigger.ParameterName, Data = triggerData } },
    };
}
