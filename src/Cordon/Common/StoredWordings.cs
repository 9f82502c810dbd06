using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cordon.Common;

/// <summary>
/// Messages kept in the store as their templates and arguments, so a page can still say them in the
/// reader's language months later: a quarantined record's reasons and a job's refusal as a JSON object of
/// field path → messages, a job's title and progress as one message, each
/// <c>{"template": "…", "arguments": [...]}</c>. Quarantined rows written before this kept English strings;
/// those read back as wordings without arguments (English on every page).
/// </summary>
public static class StoredWordings
{
    public static string Write(IReadOnlyDictionary<string, List<Wording>> fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (field, messages) in fields)
            {
                json.WriteStartArray(field);
                foreach (var message in messages)
                {
                    WriteWording(json, message);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>One message (a job's title or progress) as <c>{"template": "…", "arguments": [...]}</c>.</summary>
    public static string WriteOne(Wording wording)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            WriteWording(json, wording);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static Wording ReadOne(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return ReadWording(doc.RootElement);
    }

    /// <summary>What an operation refused with, by field (a refusal that is not a validation is under "").</summary>
    public static string WriteRefusal(CordonException refusal)
        => Write(refusal is ValidationFailed v
            ? v.Wordings.ToDictionary(f => f.Key, f => f.Value.ToList(), StringComparer.Ordinal)
            : new Dictionary<string, List<Wording>> { [""] = [refusal.Wording] });

    public static IReadOnlyDictionary<string, Wording[]> Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var fields = new Dictionary<string, Wording[]>(StringComparer.Ordinal);
        foreach (var field in doc.RootElement.EnumerateObject())
        {
            fields[field.Name] = field.Value.EnumerateArray().Select(ReadWording).ToArray();
        }
        return fields;
    }

    private static void WriteWording(Utf8JsonWriter json, Wording wording)
    {
        json.WriteStartObject();
        json.WriteString("template", wording.Template);
        json.WriteStartArray("arguments");
        foreach (var argument in wording.Arguments)
        {
            switch (argument)
            {
                case null: json.WriteNullValue(); break;
                case string s: json.WriteStringValue(s); break;
                case Wording w: WriteWording(json, w); break;
                case bool b: json.WriteBooleanValue(b); break;
                case int or long or short or byte or uint or ushort or sbyte: json.WriteNumberValue(Convert.ToInt64(argument, CultureInfo.InvariantCulture)); break;
                case decimal or double or float or ulong: json.WriteNumberValue(Convert.ToDecimal(argument, CultureInfo.InvariantCulture)); break;
                // Dates keep the form an English message writes them in, whatever the reader's culture.
                case DateOnly d: json.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
                case DateTimeOffset t: json.WriteStringValue(t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)); break;
                case IFormattable f: json.WriteStringValue(f.ToString(null, CultureInfo.InvariantCulture)); break;
                default: json.WriteStringValue(argument.ToString()); break;
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static Wording ReadWording(JsonElement message) => message.ValueKind == JsonValueKind.String
        ? message.GetString()!
        : Wording.Of(message.GetProperty("template").GetString()!, message.GetProperty("arguments").EnumerateArray().Select(Argument).ToList());

    private static object? Argument(JsonElement a) => a.ValueKind switch
    {
        JsonValueKind.String => a.GetString(),
        JsonValueKind.Number => a.TryGetInt64(out var whole) ? whole : a.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Object => ReadWording(a),
        _ => null,
    };
}
