using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ContextStore.Testing;

/// <summary>
/// A TCP proxy on a fixed loopback port in front of another endpoint (the local Cosmos server), so that a
/// test can take the endpoint away and give it back without losing the server's in-memory state:
/// <see cref="Stop"/> closes the listener and drops every connection, <see cref="Start"/> listens again on
/// the same port. With a one-way latency it also holds every chunk for that time before passing it on, in both
/// directions: the endpoint across a network instead of on the same machine (the benchmark's distant Cosmos DB).
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
    private readonly TimeSpan _oneWayLatency;
    private volatile bool _unresponsive;

    /// <summary>Listens on a free loopback port, kept for every later <see cref="Start"/>.</summary>
    /// <param name="oneWayLatency">How long each chunk is held in each direction; zero passes it on at once.</param>
    public ToggleableTcpProxy(Uri target, TimeSpan oneWayLatency = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(oneWayLatency, TimeSpan.Zero);
        _targetHost = target.Host;
        _targetPort = target.Port;
        _oneWayLatency = oneWayLatency;
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

    private Task PumpAsync(Socket from, Socket to, CancellationToken stopping) =>
        _oneWayLatency > TimeSpan.Zero ? DelayedPumpAsync(from, to, stopping) : DirectPumpAsync(from, to, stopping);

    private static async Task DirectPumpAsync(Socket from, Socket to, CancellationToken stopping)
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

                await SendAllAsync(to, buffer.AsMemory(0, read), stopping).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The connection is over; the caller closes both sides.
        }
    }

    /// <summary>
    /// Reads chunks as they come and sends each once the latency has passed since it arrived, so the delay does
    /// not add up over a message that arrives in several chunks, and the order is kept.
    /// </summary>
    private async Task DelayedPumpAsync(Socket from, Socket to, CancellationToken stopping)
    {
        var chunks = Channel.CreateUnbounded<(byte[] Data, long Due)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var sending = SendWhenDueAsync(chunks.Reader, to, stopping);
        var latency = (long)(_oneWayLatency.TotalSeconds * Stopwatch.Frequency);
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                chunks.Writer.TryWrite((buffer[..read], Stopwatch.GetTimestamp() + latency));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The connection is over; what was read still goes out below, then the caller closes both sides.
        }
        finally
        {
            chunks.Writer.TryComplete();
            await sending.ConfigureAwait(false);
        }
    }

    private static async Task SendWhenDueAsync(ChannelReader<(byte[] Data, long Due)> chunks, Socket to, CancellationToken stopping)
    {
        try
        {
            await foreach (var (data, due) in chunks.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stopping).ConfigureAwait(false);
                }

                await SendAllAsync(to, data, stopping).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The receiving side went away, or the proxy stopped.
        }
    }

    private static async Task SendAllAsync(Socket to, ReadOnlyMemory<byte> data, CancellationToken stopping)
    {
        var sent = 0;
        while (sent < data.Length)
        {
            sent += await to.SendAsync(data[sent..], SocketFlags.None, stopping).ConfigureAwait(false);
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
