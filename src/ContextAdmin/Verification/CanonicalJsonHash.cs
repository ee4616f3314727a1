using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ContextAdmin.Verification;

/// <summary>
/// A SHA-256 of a JSON value that two equal values share however they were written: object members in ordinal
/// order of their names, strings compared as the characters they decode to, whitespace ignored. Numbers count by
/// their exact text (the contract keeps a number's digits as sent), so <c>1.50</c> and <c>1.5</c> differ.
/// </summary>
public static class CanonicalJsonHash
{
    public static string Of(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, document.RootElement);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                hash.AppendData("{"u8);
                foreach (var member in element.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    AppendString(hash, member.Name);
                    hash.AppendData(":"u8);
                    Append(hash, member.Value);
                }

                hash.AppendData("}"u8);
                break;
            case JsonValueKind.Array:
                hash.AppendData("["u8);
                foreach (var item in element.EnumerateArray())
                {
                    Append(hash, item);
                    hash.AppendData(","u8);
                }

                hash.AppendData("]"u8);
                break;
            case JsonValueKind.String:
                AppendString(hash, element.GetString()!);
                break;
            default:
                // Numbers, true, false and null: their raw text (for numbers, exactly the digits sent).
                hash.AppendData("#"u8);
                hash.AppendData(Encoding.UTF8.GetBytes(element.GetRawText()));
                hash.AppendData(";"u8);
                break;
        }
    }

    /// <summary>A string as its length and its UTF-16 code units, so no two different strings append the same bytes.</summary>
    private static void AppendString(IncrementalHash hash, string value)
    {
        hash.AppendData(Encoding.UTF8.GetBytes($"\"{value.Length}:"));
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.AsSpan()));
    }
}
