using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cordon.Sharing;

/// <summary>
/// Removes fields from a record's JSON view. A path is dotted ("importer.name"); an array is
/// traversed element-wise ("items.description"). Removed values become null and the view gains a
/// "_redacted" list, so a reader sees that something was withheld and what.
/// </summary>
public static class Redaction
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static JsonNode Apply<T>(T view, IReadOnlySet<string> fields, JsonSerializerOptions? options = null)
    {
        var node = JsonSerializer.SerializeToNode(view, options ?? Json) ?? new JsonObject();
        if (fields.Count == 0)
        {
            return node;
        }
        foreach (var field in fields)
        {
            Remove(node, field.Split('.'), 0);
        }
        if (node is JsonObject obj)
        {
            obj["_redacted"] = new JsonArray(fields.Order(StringComparer.Ordinal).Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }
        return node;
    }

    /// <summary>
    /// Clears the named fields of a detached object (a no-tracking entity, a list row or a view) to
    /// null, for pages and exports that work with typed rows rather than JSON. A path is dotted as in
    /// the JSON views and goes into nested objects and element-wise into collections ("items.description"
    /// clears every item's description). Names match property names case-insensitively.
    /// </summary>
    public static T Clear<T>(T target, IReadOnlySet<string> fields) where T : class
    {
        if (fields.Count == 0)
        {
            return target;
        }
        ClearPaths(target, fields.Select(f => f.Split('.')).ToList());
        return target;
    }

    /// <summary>Clears the fields under <paramref name="prefix"/> ("items") in each element of a collection shown beside its record.</summary>
    public static IReadOnlyList<T> ClearEach<T>(IReadOnlyList<T> elements, IReadOnlySet<string> fields, string prefix) where T : class
    {
        var under = Under(fields, prefix);
        if (under.Count > 0)
        {
            foreach (var element in elements)
            {
                Clear(element, under);
            }
        }
        return elements;
    }

    /// <summary>The paths below <paramref name="prefix"/>, relative to it ("items.cif" under "items" is "cif").</summary>
    public static IReadOnlySet<string> Under(IReadOnlySet<string> fields, string prefix)
        => fields.Where(f => f.StartsWith(prefix + ".", StringComparison.OrdinalIgnoreCase)).Select(f => f[(prefix.Length + 1)..]).ToHashSet(StringComparer.Ordinal);

    private static void ClearPaths(object? target, List<string[]> paths)
    {
        if (target is null || paths.Count == 0 || target is string)
        {
            return;
        }
        if (target is System.Collections.IEnumerable many && target is not System.Collections.IDictionary)
        {
            foreach (var element in many)
            {
                ClearPaths(element, paths);
            }
            return;
        }
        foreach (var property in target.GetType().GetProperties())
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }
            var mine = paths.Where(p => p[0].Equals(property.Name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (mine.Count == 0)
            {
                continue;
            }
            if (mine.Any(p => p.Length == 1))
            {
                if (property.SetMethod is null)
                {
                    throw new InvalidOperationException($"{target.GetType().Name}.{property.Name} is withheld but cannot be cleared: give it a setter.");
                }
                var type = property.PropertyType;
                if (!type.IsValueType || Nullable.GetUnderlyingType(type) is not null)
                {
                    property.SetValue(target, null);
                }
                else
                {
                    // A non-nullable number or date cannot be null: it is reset to its default, never left as it was.
                    property.SetValue(target, Activator.CreateInstance(type));
                }
                continue;
            }
            ClearPaths(property.GetValue(target), mine.Select(p => p[1..]).ToList());
        }
    }

    /// <summary>
    /// The values a view holds under the given paths (element-wise through collections), as text: strings as
    /// they are, numbers as written in JSON and with thousands separators (how pages and titles print them).
    /// For text derived from a record elsewhere, to find what it quotes of withheld fields.
    /// </summary>
    public static IEnumerable<string> ValuesAt<T>(T view, IEnumerable<string> paths, JsonSerializerOptions? options = null)
    {
        var node = view as JsonNode ?? JsonSerializer.SerializeToNode(view, view?.GetType() ?? typeof(T), options ?? Json);
        var found = new List<string>();
        foreach (var path in paths)
        {
            Collect(node, path.Split('.'), 0, found);
        }
        return found.Distinct(StringComparer.Ordinal);
    }

    private static void Collect(JsonNode? node, string[] path, int depth, List<string> found)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var element in array)
                {
                    Collect(element, path, depth, found);
                }
                break;
            case JsonObject obj when depth < path.Length:
                var key = obj.Select(p => p.Key).FirstOrDefault(k => k.Equals(path[depth], StringComparison.OrdinalIgnoreCase));
                if (key is not null)
                {
                    Collect(obj[key], path, depth + 1, found);
                }
                break;
            case JsonObject obj: // the path ends at an object: every value inside it
                foreach (var (_, value) in obj)
                {
                    Collect(value, path, depth, found);
                }
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                found.Add(value.GetValue<string>());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                found.Add(value.ToJsonString());
                if (value.TryGetValue<decimal>(out var number))
                {
                    found.Add(number.ToString("N2", System.Globalization.CultureInfo.InvariantCulture));
                    found.Add(number.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
                }
                break;
        }
    }

    private static void Remove(JsonNode? node, string[] path, int depth)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var element in array)
                {
                    Remove(element, path, depth);
                }
                break;
            case JsonObject obj:
                var key = obj.Select(p => p.Key).FirstOrDefault(k => k.Equals(path[depth], StringComparison.OrdinalIgnoreCase));
                if (key is null)
                {
                    return;
                }
                if (depth == path.Length - 1)
                {
                    obj[key] = null;
                }
                else
                {
                    Remove(obj[key], path, depth + 1);
                }
                break;
        }
    }
}
