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
    /// Clears the named top-level properties of a detached object (a no-tracking entity or a list row)
    /// to null, for pages and exports that work with typed rows rather than JSON. Names match property
    /// names case-insensitively, as in the JSON views.
    /// </summary>
    public static T Clear<T>(T target, IReadOnlySet<string> fields) where T : class
    {
        if (fields.Count == 0)
        {
            return target;
        }
        foreach (var property in typeof(T).GetProperties())
        {
            if (property.SetMethod is not null && fields.Any(f => f.Equals(property.Name, StringComparison.OrdinalIgnoreCase))
                && (!property.PropertyType.IsValueType || Nullable.GetUnderlyingType(property.PropertyType) is not null))
            {
                property.SetValue(target, null);
            }
        }
        return target;
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
