using System.Buffers.Text;
using System.Security.Cryptography;

namespace ContextAdmin;

/// <summary>New API keys: 32 random bytes (256 bits) from the operating system's CSPRNG, base64url without padding.</summary>
public static class ApiKeyGenerator
{
    public const int KeyBytes = 32;

    /// <summary>Length of every key: 32 bytes in base64url without padding.</summary>
    public const int KeyLength = 43;

    public static string NewKey()
    {
        Span<byte> bytes = stackalloc byte[KeyBytes];
        RandomNumberGenerator.Fill(bytes);
        var key = Base64Url.EncodeToString(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return key;
    }
}
