using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContextKeys.JsonLines;

/// <summary>How far an import got: the file offset after the last line whose writes all completed. Replaced whole.</summary>
public sealed class ImportCheckpoint
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    [JsonPropertyName("file")]
    public string File { get; init; } = "";

    [JsonPropertyName("fileLength")]
    public long FileLength { get; init; }

    [JsonPropertyName("to")]
    public string To { get; init; } = "";

    [JsonPropertyName("account")]
    public string Account { get; init; } = "";

    [JsonPropertyName("offset")]
    public long Offset { get; set; }

    [JsonPropertyName("lines")]
    public long Lines { get; set; }

    [JsonIgnore]
    public string? Path { get; private set; }

    /// <exception cref="InvalidDataException">The checkpoint belongs to another file, endpoint or account.</exception>
    public static ImportCheckpoint Open(string? path, string file, long fileLength, string to, string account)
    {
        var fresh = new ImportCheckpoint { File = System.IO.Path.GetFullPath(file), FileLength = fileLength, To = to, Account = account, Path = path };
        if (path is null || !System.IO.File.Exists(path))
        {
            return fresh;
        }

        ImportCheckpoint? stored;
        try
        {
            stored = JsonSerializer.Deserialize<ImportCheckpoint>(System.IO.File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The checkpoint {path} is not valid: {e.Message}", e);
        }

        if (stored is null || stored.File != fresh.File || stored.FileLength != fileLength || stored.To != to
            || !string.Equals(stored.Account, account, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException(
                $"The checkpoint {path} belongs to another import ({stored?.File}, {stored?.FileLength} bytes, to {stored?.To}); "
                + "give another --checkpoint file or remove this one.");
        }

        stored.Path = path;
        return stored;
    }

    public void Save()
    {
        if (Path is null)
        {
            return;
        }

        var full = System.IO.Path.GetFullPath(Path);
        System.IO.File.WriteAllText(full + ".tmp", JsonSerializer.Serialize(this, Options));
        System.IO.File.Move(full + ".tmp", full, overwrite: true);
    }
}
