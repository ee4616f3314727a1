using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace ContextFunctions.HostEmulator;

/// <summary>A function the worker reported in its metadata and then loaded.</summary>
public sealed record LoadedFunction(string Name, string FunctionId, FunctionTrigger Trigger, RpcFunctionMetadata Metadata);
