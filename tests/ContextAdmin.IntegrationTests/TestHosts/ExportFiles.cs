using System.Security.Cryptography;
using System.Text;

namespace ContextAdmin.IntegrationTests.TestHosts;

/// <summary>
/// Export files written line by line as the format says (header, records, trailer with counts and SHA-256), without
/// the tool's own writer, so that the tests read what any writer of the format would produce.
/// </summary>
public static class ExportFiles
{
    public static readonly string[] Records =
    [
        """{"type":"namespace","name":"orders","registered":true,"ttlSecond":3600,"properties":{"region":"emea"}}""",
        """{"type":"sessionTtl","namespace":"orders","sessionId":"s1","ttlSecond":600}""",
        """{"type":"session","namespace":"orders","sessionId":"s1","properties":{"total":12345678901234567890,"name":"Zoë"}}""",
        """{"type":"session","namespace":"orders","sessionId":"s2","properties":{"total":1.50}}""",
        """{"type":"session","namespace":"orders","sessionId":"s3","properties":{"total":-0}}""",
    ];

    /// <summary>The lines of a whole export of <paramref name="account"/> holding <paramref name="records"/>.</summary>
    public static List<string> Whole(string account, IReadOnlyList<string> records)
    {
        var lines = new List<string>
        {
            $$"""{"type":"header","format":"context-admin-export","version":2,"source":"https://source.example","account":"{{account}}","exportedAt":"2026-12-05T10:00:00.000Z"}""",
        };
        lines.AddRange(records);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n"))));
        var sessions = records.Count(r => r.Contains("\"type\":\"session\"", StringComparison.Ordinal));
        var ttls = records.Count(r => r.Contains("\"type\":\"sessionTtl\"", StringComparison.Ordinal));
        var namespaces = records.Count(r => r.Contains("\"type\":\"namespace\"", StringComparison.Ordinal));
        lines.Add($$"""{"type":"trailer","namespaces":{{namespaces}},"sessions":{{sessions}},"sessionTtls":{{ttls}},"records":{{records.Count}},"sha256":"{{Convert.ToHexStringLower(hash)}}"}""");
        return lines;
    }

    public static string Write(string path, IEnumerable<string> lines)
    {
        File.WriteAllText(path, string.Concat(lines.Select(l => l + "\n")));
        return path;
    }
}
