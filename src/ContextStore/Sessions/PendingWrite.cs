using ContextStore.Storage;

namespace ContextStore.Sessions;

/// <summary>One caller's change to a session, waiting to be applied with the others queued for the same session.</summary>
public sealed class PendingWrite(Func<SessionDocument, WriteContext, SessionDocument> change)
{
    private readonly TaskCompletionSource<WriteResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Func<SessionDocument, WriteContext, SessionDocument> Change { get; } = change;

    public Task<WriteResult> Result => _result.Task;

    public void Complete(WriteResult result) => _result.TrySetResult(result);

    public void Fail(Exception error) => _result.TrySetException(error);
}
