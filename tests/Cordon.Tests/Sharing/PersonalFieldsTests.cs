using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cordon.Sharing;

namespace Cordon.Tests.Sharing;

/// <summary>
/// Every text field of every shared view is judged once: personal (removed by "@personal" and the
/// personal-data caveat) or not personal. A view that gains a text field nobody judged fails here,
/// naming the field, before it can leak a name.
/// </summary>
public sealed class PersonalFieldsTests
{
    [Fact]
    public void Every_text_field_of_a_shared_view_is_listed_as_personal_or_as_not_personal()
    {
        var unjudged = new List<string>();
        foreach (var (recordType, view) in SharedViews.ByType)
        {
            var personal = PersonalFields.Of(recordType);
            var notPersonal = SharedViews.NotPersonal.GetValueOrDefault(recordType) ?? [];
            foreach (var path in TextPaths(view, "", 0))
            {
                var covered = personal.Any(p => path == p || path.StartsWith(p + ".", StringComparison.Ordinal)) || notPersonal.Contains(path);
                if (!covered)
                {
                    unjudged.Add($"{recordType}: {path}");
                }
            }
        }
        Assert.True(unjudged.Count == 0, "text fields neither personal nor marked not personal:\n" + string.Join("\n", unjudged));
    }

    [Fact]
    public void A_field_listed_as_personal_or_not_personal_exists_in_the_view()
    {
        var stale = new List<string>();
        foreach (var (recordType, view) in SharedViews.ByType)
        {
            var paths = TextPaths(view, "", 0).ToHashSet();
            var all = AllPaths(view, "", 0).ToHashSet();
            stale.AddRange((SharedViews.NotPersonal.GetValueOrDefault(recordType) ?? []).Where(p => !paths.Contains(p)).Select(p => $"{recordType}: not-personal {p}"));
            stale.AddRange(PersonalFields.Of(recordType).Where(p => !all.Contains(p)).Select(p => $"{recordType}: personal {p}"));
        }
        Assert.True(stale.Count == 0, "listed fields that the view does not have:\n" + string.Join("\n", stale));
    }

    private static IEnumerable<string> TextPaths(Type type, string prefix, int depth)
        => Walk(type, prefix, depth).Where(x => x.Text).Select(x => x.Path);

    private static IEnumerable<string> AllPaths(Type type, string prefix, int depth) => Walk(type, prefix, depth).Select(x => x.Path);

    private static IEnumerable<(string Path, bool Text)> Walk(Type type, string prefix, int depth)
    {
        if (depth > 4)
        {
            yield break;
        }
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
            {
                continue;
            }
            var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (t == typeof(string) || (t != typeof(string) && Element(t) == typeof(string)))
            {
                yield return (path, true);
                continue;
            }
            yield return (path, false);
            var nested = Element(t) ?? t;
            if (nested.Assembly == typeof(SharedViews).Assembly && nested.IsClass && !nested.IsEnum)
            {
                foreach (var inner in Walk(nested, path + ".", depth + 1))
                {
                    yield return inner;
                }
            }
        }
    }

    private static Type? Element(Type t)
    {
        if (t.IsArray)
        {
            return t.GetElementType();
        }
        return t.IsGenericType && t.GetInterfaces().Append(t).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ? t.GetGenericArguments()[0]
            : null;
    }
}
