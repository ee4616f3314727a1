using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ContextStore.ApiKeys;

/// <summary>Compares keys in constant time: hashing first makes the time independent of length and content.</summary>
public static class ApiKeyComparison
{
    /// <summary>Keys up to this many UTF-8 bytes are encoded on the stack; longer ones in a pooled buffer.</summary>
    private const int StackBytes = 1024;

    public static bool AreEqual(string? presented, string? expected) =>
        !string.IsNullOrEmpty(expected) && Matches(presented, HashOf(expected));

    /// <summary>Whether <paramref name="presented"/> is the key whose <see cref="HashOf"/> is <paramref name="expectedHash"/>.</summary>
    public static bool Matches(string? presented, ReadOnlySpan<byte> expectedHash)
    {
        if (string.IsNullOrEmpty(presented) || expectedHash.Length != SHA256.HashSizeInBytes)
        {
            return false;
        }

        Span<byte> presentedHash = stackalloc byte[SHA256.HashSizeInBytes];
        Hash(presented, presentedHash);
        return CryptographicOperations.FixedTimeEquals(presentedHash, expectedHash);
    }

    /// <summary>What a key store keeps instead of hashing the expected key again on every request.</summary>
    public static byte[] HashOf(string key)
    {
        var hash = new byte[SHA256.HashSizeInBytes];
        Hash(key, hash);
        return hash;
    }

    /// <summary>SHA-256 of the key's UTF-8 bytes, without allocating them on every request.</summary>
    private static void Hash(string key, Span<byte> hash)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(key.Length);
        var rented = maxBytes > StackBytes ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        try
        {
            Span<byte> utf8 = rented ?? stackalloc byte[StackBytes];
            var length = Encoding.UTF8.GetBytes(key, utf8);
            SHA256.HashData(utf8[..length], hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
