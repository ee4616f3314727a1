using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ContextStore.Testing;

/// <summary>
/// Keeps every log entry of every category and level as text: the formatted message, the exception with its
/// stack trace, every structured value of the entry and of the scopes around it. For tests that search the
/// logs for what must never be written (API keys).
/// </summary>
[ProviderAlias("Capture")]
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    /// <summary>One string per log entry, in the order they were written.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new System.Text.StringBuilder()
                .Append(logLevel).Append(' ').Append(category).Append('[').Append(eventId.Id).Append("] ")
                .Append(formatter(state, exception));
            AppendValues(line, state);
            provider._scopes.ForEachScope((scope, text) => AppendValues(text.Append(" scope:").Append(scope), scope), line);
            if (exception is not null)
            {
                line.Append(" exception: ").Append(exception);
            }

            provider._lines.Enqueue(line.ToString());
        }

        private static void AppendValues(System.Text.StringBuilder line, object? state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    line.Append(' ').Append(key).Append('=').Append(value);
                }
            }
        }
    }
}
