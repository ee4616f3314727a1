using ContextStore.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContextServer.EndToEndTests.Reliability;

/// <summary>A test with a ContextServer of its own whose every log entry, at every level, is kept in <see cref="Logs"/>.</summary>
public abstract class ServerWithCapturedLogs : IAsyncLifetime
{
    private RunningServer? _server;

    protected CapturingLoggerProvider Logs { get; } = new();

    protected RunningServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync() =>
        _server = await RunningServer.StartAsync(services => services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(Logs)
            // Beats the appsettings.json levels (Microsoft.AspNetCore: Warning) for this provider.
            .AddFilter<CapturingLoggerProvider>(category: null, LogLevel.Trace)));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Logs.Dispose();
    }
}
