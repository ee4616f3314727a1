using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Azure.Functions.Worker.Grpc.Messages;

namespace ContextFunctions.HostEmulator;

/// <summary>
/// The host's end of one worker's <c>FunctionRpc.EventStream</c>: it sends requests and invocations and pairs the
/// worker's answers with them, requests by <c>request_id</c> and invocations by invocation id.
/// </summary>
public sealed class WorkerChannel(string workerId)
{
    private readonly Channel<StreamingMessage> _outgoing =
        Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _requests = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new();
    private readonly ConcurrentQueue<string> _workerErrors = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Exception? _closed;

    public string WorkerId { get; } = workerId;

    /// <summary>Completes when the worker has opened its stream with StartStream.</summary>
    public Task Connected => _connected.Task;

    public bool IsOpen => _connected.Task.IsCompleted && _closed is null;

    /// <summary>The errors the worker logged over the stream, for failure messages.</summary>
    public IEnumerable<string> WorkerErrors => _workerErrors;

    /// <summary>Serves the stream until the worker closes it.</summary>
    public async Task RunAsync(
        IAsyncStreamReader<StreamingMessage> incoming, IServerStreamWriter<StreamingMessage> outgoing, CancellationToken cancellationToken)
    {
        _connected.TrySetResult();
        var writing = WriteAsync(outgoing, cancellationToken);
        try
        {
            while (await incoming.MoveNext(cancellationToken))
            {
                Dispatch(incoming.Current);
            }

            Close(new IOException("The worker closed its event stream."));
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or Grpc.Core.RpcException)
        {
            Close(new IOException("The worker's event stream broke.", e));
        }
        finally
        {
            _outgoing.Writer.TryComplete();
        }

        await writing;
    }

    /// <summary>Sends a request and waits for the worker's answer to it.</summary>
    public async Task<StreamingMessage> RequestAsync(StreamingMessage request, TimeSpan timeout)
    {
        request.RequestId = Guid.NewGuid().ToString();
        var answer = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests[request.RequestId] = answer;
        Send(request);
        try
        {
            return await answer.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The worker did not answer {request.ContentCase} within {timeout.TotalSeconds:0} s.");
        }
        finally
        {
            _requests.TryRemove(request.RequestId, out _);
        }
    }

    /// <summary>Sends an invocation; the task completes with the worker's InvocationResponse.</summary>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest invocation, CancellationToken cancellationToken)
    {
        var response = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _invocations[invocation.InvocationId] = response;
        try
        {
            Send(new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = invocation });
            return await response.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _invocations.TryRemove(invocation.InvocationId, out _);
        }
    }

    /// <summary>Asks the worker to stop its process, as the host does when it shuts down or restarts the worker.</summary>
    public void Terminate(TimeSpan gracePeriod) => Send(new StreamingMessage
    {
        RequestId = Guid.NewGuid().ToString(),
        WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(gracePeriod) },
    });

    private void Send(StreamingMessage message)
    {
        if (_closed is { } closed)
        {
            throw new IOException("The worker's event stream is closed.", closed);
        }

        _outgoing.Writer.TryWrite(message);
    }

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> outgoing, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken))
            {
                await outgoing.WriteAsync(message, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException or Grpc.Core.RpcException)
        {
            Close(new IOException("Writing to the worker's event stream failed.", e));
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_invocations.TryGetValue(message.InvocationResponse.InvocationId, out var invocation))
                {
                    invocation.TrySetResult(message.InvocationResponse);
                }

                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                if (message.RpcLog.Level >= RpcLog.Types.Level.Error)
                {
                    _workerErrors.Enqueue($"{message.RpcLog.Category}: {message.RpcLog.Message} {message.RpcLog.Exception?.Message}");
                }

                break;
            default:
                if (_requests.TryGetValue(message.RequestId, out var request))
                {
                    request.TrySetResult(message);
                }

                break;
        }
    }

    private void Close(Exception reason)
    {
        _closed ??= reason;
        _connected.TrySetException(reason);
        foreach (var request in _requests.Values)
        {
            request.TrySetException(reason);
        }

        foreach (var invocation in _invocations.Values)
        {
            invocation.TrySetException(reason);
        }
    }
}
