namespace ContextAdmin.Api;

/// <summary>Small facts about raw JSON text.</summary>
public static class JsonText
{
    /// <summary>True for <c>{}</c> with any whitespace (and for no text at all).</summary>
    public static bool IsEmptyObject(ReadOnlySpan<byte> json)
    {
        var trimmed = json.Trim(" \t\r\n"u8);
        return trimmed.IsEmpty || (trimmed.Length >= 2 && trimmed[0] == '{' && trimmed[^1] == '}' && trimmed[1..^1].Trim(" \t\r\n"u8).IsEmpty);
    }
}
