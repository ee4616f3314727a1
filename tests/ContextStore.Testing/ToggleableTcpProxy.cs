using System.Net;
using System.Net.Sockets;

namespace ContextStore.Testing;

/// <summary>
/// A TCP proxy on a fixed loopback port in front of another endpoint (the local Cosmos server), so that a
/// test can take the endpoint away and give it back without losing the server's in-memory state:
/// <see cref="Stop"/> closes the listener and drops every connection, <see cref="Start"/> listens again on
/// the same port.
/// </summary>
public sealed class ToggleableTcpProxy : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly Lock _gate = new();
    private readonly HashSet<Socket> _connections = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _running;
    private Task _accepting = Task.CompletedTask;
    private volatile bool _unresponsive;

    /// <summary>Listens on a free loopback port, kept for every later <see cref="Start"/>.</summary>
    public ToggleableTcpProxy(Uri target)
    {
        _targetHost = target.Host;
        _targetPort = target.Port;
        Endpoint = Listen(new UriBuilder(target) { Host = "127.0.0.1", Port = 0 }.Uri, port: 0);
    }

    /// <summary>Where clients connect: the target's scheme on 127.0.0.1 at the proxy's port.</summary>
    public Uri Endpoint { get; private set; }

    /// <summary>Listens again on the same port and forwards again.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_listener is not null && !_unresponsive)
            {
                return;
            }
        }

        Stop();
        _unresponsive = false;
        Listen(Endpoint, Endpoint.Port);
    }

    /// <summary>
    /// Drops every connection, then accepts new ones but never answers on them: an endpoint that hangs
    /// rather than refuses. <see cref="Start"/> forwards again.
    /// </summary>
    public void StartUnresponsive()
    {
        Stop();
        _unresponsive = true;
        Listen(Endpoint, Endpoint.Port);
    }

    /// <summary>Closes the listener and resets every open connection, in both directions.</summary>
    public void Stop()
    {
        Socket[] dropped;
        lock (_gate)
        {
            _running?.Cancel();
            _running?.Dispose();
            _running = null;
            _listener?.Stop();
            _listener = null;
            dropped = [.. _connections];
            _connections.Clear();
        }

        foreach (var socket in dropped)
        {
            Reset(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Stop();
        await _accepting.ConfigureAwait(false);
    }

    private Uri Listen(Uri endpoint, int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        var running = new CancellationTokenSource();
        lock (_gate)
        {
            _listener = listener;
            _running = running;
        }

        _accepting = AcceptAsync(listener, running.Token);
        return new UriBuilder(endpoint) { Port = ((IPEndPoint)listener.LocalEndpoint).Port }.Uri;
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client, stopping);
        }
    }

    private async Task ForwardAsync(Socket client, CancellationToken stopping)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        if (!Track(client) || !Track(upstream))
        {
            Reset(client);
            Reset(upstream);
            return;
        }

        try
        {
            if (_unresponsive)
            {
                await Task.Delay(Timeout.Infinite, stopping).ConfigureAwait(false);
            }

            await upstream.ConnectAsync(_targetHost, _targetPort, stopping).ConfigureAwait(false);
            await Task.WhenAny(PumpAsync(client, upstream, stopping), PumpAsync(upstream, client, stopping)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // Stopped, or one side went away: both sides are closed below.
        }
        finally
        {
            Untrack(client);
            Untrack(upstream);
            Reset(client);
            Reset(upstream);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken stopping)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                var sent = 0;
                while (sent < read)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The connection is over; the caller closes both sides.
        }
    }

    /// <summary>Registers a connection, or refuses it when the proxy stopped meanwhile.</summary>
    private bool Track(Socket socket)
    {
        lock (_gate)
        {
            return _listener is not null && _connections.Add(socket);
        }
    }

    private void Untrack(Socket socket)
    {
        lock (_gate)
        {
            _connections.Remove(socket);
        }
    }

    /// <summary>Closes with a reset rather than a graceful shutdown, as a crashed or unreachable peer would.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        socket.Dispose();
    }
}
