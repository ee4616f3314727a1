using System.Buffers;

namespace ContextAdmin;

/// <summary>Growth of a read buffer rented from the shared pool, for readers that hold one element or line at a time.</summary>
public static class PooledBuffer
{
    /// <summary>When <paramref name="buffer"/> is full up to <paramref name="used"/>, swaps it for a pooled one twice its size.</summary>
    public static void GrowWhenFull(ref byte[] buffer, int used)
    {
        if (used < buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        Buffer.BlockCopy(buffer, 0, larger, 0, used);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }
}
