using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContextAdmin.JsonLines;

/// <summary>
/// How far an import got: the file offset after the last line whose writes all completed. It belongs to one file
/// content (its SHA-256), one target and one account; replaced whole after each step.
/// </summary>
public sealed class ImportCheckpoint
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    [JsonPropertyName("file")]
    public string File { get; init; } = "";

    [JsonPropertyName("sha256")]
    public string Sha256 { get; init; } = "";

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

    /// <summary>Whether this import continues an earlier one.</summary>
    [JsonIgnore]
    public bool Resumed => Offset > 0;

    /// <exception cref="InvalidDataException">The checkpoint belongs to another file content, endpoint or account.</exception>
    public static ImportCheckpoint Open(string? path, string file, string sha256, string to, string account)
    {
        var fresh = new ImportCheckpoint { File = System.IO.Path.GetFullPath(file), Sha256 = sha256, To = to, Account = account, Path = path };
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
            throw new InvalidDataException($"The checkpoint {path} is not valid: {e.Message}. Nothing was imported.", e);
        }

        if (stored is null || stored.Sha256 != sha256 || stored.To != to || !string.Equals(stored.Account, account, StringComparison.OrdinalIgnoreCase))
        {
            var why = stored?.Sha256 != sha256 ? "a file whose content differs from this one's (it was changed since, or is another file)" : $"account {stored.Account} at {stored.To}";
            throw new InvalidDataException(
                $"The checkpoint {path} belongs to another import: {stored?.File}, {why}. Nothing was imported. "
                + "Give another --checkpoint, or remove this one to import the file from its start (an import writes the same values again).");
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
