using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cordon.Declarations;

namespace Cordon.Server.Pages.Declarations;

/// <summary>One field of a quarantined record, as the correction form shows it: its path, value and errors.</summary>
public sealed record QuarantineField(string Path, string Label, string? Value, IReadOnlyList<string> Errors);

/// <summary>
/// A quarantined record (JSON in the API's shape) as a form: one input per field, each with its own
/// errors, and the corrected values written back into the same JSON, keeping numbers as numbers.
/// </summary>
public static partial class QuarantineForm
{
    public const string Prefix = "field:";

    /// <summary>The fields with errors first (the ones to correct), then the rest in the record's order.</summary>
    public static IReadOnlyList<QuarantineField> Fields(QuarantineView q)
    {
        if (!q.ContentIsJson)
        {
            return [];
        }
        var leaves = new List<(string Path, string? Value)>();
        using (var doc = JsonDocument.Parse(q.Content))
        {
            Flatten(doc.RootElement, "", leaves);
        }
        var errors = q.Errors.Where(e => e.Key.Length > 0).ToDictionary(e => Normalise(e.Key), e => e.Value);
        var fields = leaves.Select(l => new QuarantineField(l.Path, Label(l.Path), l.Value, errors.GetValueOrDefault(Normalise(l.Path)) ?? [])).ToList();
        // A field the validation names but the record lacks (a missing office): an empty input for it.
        var containers = leaves.Select(l => l.Path).SelectMany(Prefixes).Select(Normalise).ToHashSet();
        foreach (var (key, messages) in q.Errors)
        {
            if (key.Length > 0 && !fields.Any(f => Normalise(f.Path) == Normalise(key)) && !containers.Contains(Normalise(key)))
            {
                fields.Add(new QuarantineField(key, Label(key), null, messages));
            }
        }
        return fields.OrderBy(f => f.Errors.Count == 0).ToList();
    }

    /// <summary>Errors on the whole record or on a group of fields (the items list), shown above the form.</summary>
    public static IReadOnlyList<string> RecordErrors(QuarantineView q)
    {
        var fields = Fields(q).Select(f => Normalise(f.Path)).ToHashSet();
        return q.Errors.Where(e => !fields.Contains(Normalise(e.Key)))
            .SelectMany(e => e.Value.Select(m => e.Key.Length == 0 ? m : $"{Label(e.Key)}: {m}")).ToList();
    }

    /// <summary>The record with the form's values written in: a number stays a number when the input is one, an empty input becomes null.</summary>
    public static string Apply(string originalJson, IEnumerable<KeyValuePair<string, string?>> values)
    {
        var root = JsonNode.Parse(originalJson) as JsonObject ?? new JsonObject();
        foreach (var (path, raw) in values)
        {
            var segments = Segments(path);
            if (segments.Count == 0)
            {
                continue;
            }
            JsonNode parent = root;
            for (var i = 0; i < segments.Count - 1; i++)
            {
                parent = Child(parent, segments[i], segments[i + 1] is int ? new JsonArray() : new JsonObject());
            }
            var last = segments[^1];
            var existing = last switch
            {
                string name when parent is JsonObject o => o[name],
                int index when parent is JsonArray a && index < a.Count => a[index],
                _ => null,
            };
            var value = Value(raw, existing);
            switch (last)
            {
                case string name when parent is JsonObject o:
                    o[name] = value;
                    break;
                case int index when parent is JsonArray a:
                    while (a.Count <= index)
                    {
                        a.Add(null);
                    }
                    a[index] = value;
                    break;
            }
        }
        return root.ToJsonString();
    }

    private static JsonNode? Value(string? raw, JsonNode? existing)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        var kind = existing?.GetValueKind();
        if (kind == JsonValueKind.Number && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }
        if (kind is JsonValueKind.True or JsonValueKind.False && bool.TryParse(text, out var flag))
        {
            return JsonValue.Create(flag);
        }
        return JsonValue.Create(text);
    }

    private static JsonNode Child(JsonNode parent, object segment, JsonNode empty)
    {
        switch (segment)
        {
            case string name when parent is JsonObject o:
                return o[name] ??= empty;
            case int index when parent is JsonArray a:
                while (a.Count <= index)
                {
                    a.Add(null);
                }
                return a[index] ??= empty;
            default:
                return empty;
        }
    }

    private static void Flatten(JsonElement e, string path, List<(string, string?)> leaves)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    Flatten(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}", leaves);
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var x in e.EnumerateArray())
                {
                    Flatten(x, $"{path}[{i++}]", leaves);
                }
                break;
            case JsonValueKind.String:
                leaves.Add((path, e.GetString()));
                break;
            case JsonValueKind.Null:
                leaves.Add((path, null));
                break;
            default:
                leaves.Add((path, e.GetRawText()));
                break;
        }
    }

    private static IEnumerable<string> Prefixes(string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] is '.' or '[')
            {
                yield return path[..i];
            }
        }
    }

    private static List<object> Segments(string path)
        => SegmentPattern().Matches(path).Select(m => m.Groups[2].Success ? (object)int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : m.Groups[1].Value).ToList();

    private static string Normalise(string path) => path.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>"items[0].hsCode" → "Item 1 · hs code".</summary>
    public static string Label(string path)
        => string.Join(" · ", Segments(path).Select(s => s is int n ? $"{n + 1}" : Ui.AuditWords.Words((string)s).ToLowerInvariant()))
            .Replace("items · ", "item ", StringComparison.Ordinal) is var l && l.Length > 0 ? char.ToUpperInvariant(l[0]) + l[1..] : path;

    [GeneratedRegex(@"([^.\[\]]+)|\[(\d+)\]")]
    private static partial Regex SegmentPattern();
}
