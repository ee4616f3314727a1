using System.Text.Json;
using System.Text.Json.Serialization;

namespace ContextAdmin.Transfer;

/// <summary>
/// How far a copy got, per namespace, kept in a small JSON file that is replaced whole (write, then rename) after
/// each completed step, so an interrupted copy leaves either the old or the new state and a rerun continues.
/// </summary>
public sealed class CopyCheckpoint
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    [JsonPropertyName("from")]
    public string From { get; init; } = "";

    [JsonPropertyName("to")]
    public string To { get; init; } = "";

    [JsonPropertyName("account")]
    public string Account { get; init; } = "";

    [JsonPropertyName("namespaces")]
    public SortedDictionary<string, NamespaceProgress> Namespaces { get; init; } = new(StringComparer.Ordinal);

    [JsonIgnore]
    public string? Path { get; private set; }

    /// <summary>The checkpoint in <paramref name="path"/>, or a new one (in memory only when the path is null).</summary>
    /// <exception cref="InvalidDataException">The file belongs to a copy between other endpoints or of another account.</exception>
    public static CopyCheckpoint Open(string? path, string from, string to, string account)
    {
        if (path is null || !File.Exists(path))
        {
            return new CopyCheckpoint { From = from, To = to, Account = account, Path = path };
        }

        CopyCheckpoint? stored;
        try
        {
            stored = JsonSerializer.Deserialize<CopyCheckpoint>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The checkpoint {path} is not valid: {e.Message}", e);
        }

        if (stored is null || stored.From != from || stored.To != to || !string.Equals(stored.Account, account, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException(
                $"The checkpoint {path} belongs to another copy ({stored?.Account} from {stored?.From} to {stored?.To}); "
                + "give another --checkpoint file or remove this one.");
        }

        stored.Path = path;
        return stored;
    }

    public NamespaceProgress For(string ns)
    {
        if (!Namespaces.TryGetValue(ns, out var progress))
        {
            progress = new NamespaceProgress();
            Namespaces[ns] = progress;
        }

        return progress;
    }

    public void Save()
    {
        if (Path is null)
        {
            return;
        }

        var full = System.IO.Path.GetFullPath(Path);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Options));
        File.Move(temporary, full, overwrite: true);
    }
}
