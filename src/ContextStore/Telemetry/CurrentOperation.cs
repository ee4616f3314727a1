namespace ContextStore.Telemetry;

/// <summary>
/// The operation that the code running now works for (a contract operation's name, or the sweep's), so that what
/// happens below it, such as a Cosmos DB call, is counted for it. Flows with the async context; set by the request
/// pipeline and by the sweep.
/// </summary>
public static class CurrentOperation
{
    private static readonly AsyncLocal<Frame?> Current = new();

    /// <summary>The operation's name, or null outside one (start-up, readiness checks).</summary>
    public static string? Name => Current.Value?.Name;

    /// <summary>
    /// Whether whoever started the operation gave up on it (a client that went away, a host that stops): a Cosmos DB
    /// call cancelled then did not time out.
    /// </summary>
    public static bool IsCancelledByCaller => Current.Value?.Caller.IsCancellationRequested == true;

    /// <summary>Sets the current operation until the returned scope is disposed (then back to what it was).</summary>
    /// <param name="caller">Cancelled when whoever started the operation gives up on it.</param>
    public static Scope Begin(string name, CancellationToken caller)
    {
        var previous = Current.Value;
        Current.Value = new Frame(name, caller);
        return new Scope(previous);
    }

    private sealed record Frame(string Name, CancellationToken Caller);

    public readonly struct Scope : IDisposable
    {
        private readonly Frame? _previous;

        internal Scope(object? previous) => _previous = (Frame?)previous;

        public void Dispose() => Current.Value = _previous;
    }
}
