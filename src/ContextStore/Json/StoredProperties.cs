using System.Text;
using System.Text.Json;
using ContextStore.Contract;

namespace ContextStore.Json;

/// <summary>
/// A session's properties in the form they are stored and answered in: one compact JSON object text
/// (<see cref="CompactJson"/>), whose values keep exactly what was sent. Reads copy the text out; only a
/// merge, a single property or an <c>include</c> list needs the values, which are parsed on demand.
/// </summary>
public sealed class StoredProperties
{
    private static readonly JsonReaderOptions StoredForm = new() { MaxDepth = ContextLimits.MaxStoredJsonDepth };

    private IReadOnlyDictionary<string, string>? _values;

    private StoredProperties(string json, IReadOnlyDictionary<string, string>? values)
    {
        Json = json;
        _values = values;
    }

    public static StoredProperties Empty { get; } = new("{}", new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>The compact JSON object text; its length is the size the contract counts.</summary>
    public string Json { get; }

    /// <summary>Each property's value as compact JSON text, in stored order.</summary>
    public IReadOnlyDictionary<string, string> Values => _values ??= Parse(Json);

    public int Count => Values.Count;

    /// <summary>Properties as read back from storage: the text is trusted, and parsed only when a value is needed.</summary>
    public static StoredProperties FromStoredJson(string json) => json == "{}" ? Empty : new StoredProperties(json, null);

    /// <summary>Properties from values that are already compact JSON text.</summary>
    public static StoredProperties FromValues(IEnumerable<KeyValuePair<string, string>> values)
    {
        var ordered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            ordered[name] = value;
        }

        return new StoredProperties(Compose(ordered), ordered);
    }

    /// <summary>Properties from parsed JSON values, each written as compact JSON text.</summary>
    public static StoredProperties FromElements(IEnumerable<KeyValuePair<string, JsonElement>> values) =>
        FromValues(ToCompactValues(values));

    /// <summary>Each value written as compact JSON text, the form in which it is stored.</summary>
    public static List<KeyValuePair<string, string>> ToCompactValues(IEnumerable<KeyValuePair<string, JsonElement>> values) =>
        values.Select(p => KeyValuePair.Create(p.Key, CompactJson.Write(p.Value))).ToList();

    /// <summary>These properties with <paramref name="changes"/> set; a value given for a name replaces the old one whole.</summary>
    public StoredProperties With(IEnumerable<KeyValuePair<string, string>> changes)
    {
        // A copy keeps the stored order; a name set again keeps its place, a new one goes last.
        var merged = new Dictionary<string, string>(Values, StringComparer.Ordinal);
        foreach (var (name, value) in changes)
        {
            merged[name] = value;
        }

        return new StoredProperties(Compose(merged), merged);
    }

    public StoredProperties Without(string name) => FromValues(Values.Where(p => !string.Equals(p.Key, name, StringComparison.Ordinal)));

    /// <summary>The listed properties that exist.</summary>
    public StoredProperties Select(IEnumerable<string> names)
    {
        var values = Values;
        return FromValues(names.Where(values.ContainsKey).Distinct(StringComparer.Ordinal)
            .Select(name => KeyValuePair.Create(name, values[name])));
    }

    private static string Compose(IReadOnlyDictionary<string, string> values)
    {
        var capacity = 2;
        foreach (var (name, value) in values)
        {
            capacity += name.Length + value.Length + 4;
        }

        var text = new StringBuilder(capacity);
        text.Append('{');
        foreach (var (name, value) in values)
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }

            CompactJson.AppendString(text, name);
            text.Append(':').Append(value);
        }

        return text.Append('}').ToString();
    }

    /// <summary>Splits the stored object into its members, each value cut out of the text as it stands.</summary>
    private static Dictionary<string, string> Parse(string json)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(utf8, StoredForm);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Stored properties must be a JSON object.");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            values[name] = Encoding.UTF8.GetString(utf8, start, (int)reader.BytesConsumed - start);
        }

        return values;
    }
}
