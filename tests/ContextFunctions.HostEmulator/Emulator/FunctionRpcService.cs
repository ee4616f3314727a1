using Grpc.Core;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace ContextFunctions.HostEmulator;

/// <summary>The host's gRPC service, which the worker calls once: its first message must be StartStream with the worker id it was given.</summary>
public sealed class FunctionRpcService(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken)
            || requestStream.Current.ContentCase != StreamingMessage.ContentOneofCase.StartStream)
        {
            throw new Grpc.Core.RpcException(new Status(StatusCode.FailedPrecondition, "A worker's first message must be StartStream."));
        }

        if (requestStream.Current.StartStream.WorkerId != channel.WorkerId)
        {
            throw new Grpc.Core.RpcException(new Status(
                StatusCode.PermissionDenied, $"Unknown worker {requestStream.Current.StartStream.WorkerId}; expected {channel.WorkerId}."));
        }

        await channel.RunAsync(requestStream, responseStream, context.CancellationToken);
    }
}
