using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ContextBench;

/// <summary>
/// A loopback TCP proxy that holds every chunk for a fixed time before passing it on, in both directions: Cosmos DB
/// across a network instead of on the same machine. Each chunk is due at its arrival time plus the delay, so the
/// delay does not add up over a response that arrives in several chunks, and the order is kept.
/// </summary>
public sealed class LatencyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly TimeSpan _oneWay;
    private readonly Task _accepting;

    public LatencyProxy(Uri target, TimeSpan oneWay)
    {
        _targetHost = target.Host;
        _targetPort = target.Port;
        _oneWay = oneWay;
        _listener.Start();
        Endpoint = new UriBuilder(target) { Host = "127.0.0.1", Port = ((IPEndPoint)_listener.LocalEndpoint).Port }.Uri;
        _accepting = AcceptAsync();
    }

    /// <summary>Where clients connect instead of the target.</summary>
    public Uri Endpoint { get; }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using var _ = client;
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(_targetHost, _targetPort, _stopping.Token);
            await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // Stopped, or one side went away: both sockets close here.
        }
    }

    /// <summary>Reads chunks as they come and sends each once its delay has passed.</summary>
    private async Task PumpAsync(Socket from, Socket to)
    {
        var chunks = Channel.CreateUnbounded<(byte[] Data, long Due)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var sending = SendWhenDueAsync(chunks.Reader, to);
        try
        {
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    break;
                }

                var due = Stopwatch.GetTimestamp() + (long)(_oneWay.TotalSeconds * Stopwatch.Frequency);
                chunks.Writer.TryWrite((buffer[..read], due));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped, or the sending side went away.
        }
        finally
        {
            chunks.Writer.TryComplete();
            await sending;
        }
    }

    private async Task SendWhenDueAsync(ChannelReader<(byte[] Data, long Due)> chunks, Socket to)
    {
        try
        {
            await foreach (var (data, due) in chunks.ReadAllAsync(_stopping.Token))
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stopping.Token);
                }

                await to.SendAsync(data, SocketFlags.None, _stopping.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped, or the receiving side went away.
        }
        finally
        {
            try
            {
                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed.
            }
        }
    }
}
