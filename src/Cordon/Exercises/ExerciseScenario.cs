using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cordon.Common;

namespace Cordon.Exercises;

public sealed record ScenarioGroup(string Name, string Agency, bool Umpire, IReadOnlyList<string> Participants);

/// <summary>One inject as read: when, into which group, what kind, and its own fields (kept as JSON).</summary>
public sealed record ScenarioInject(double AtMinutes, string Group, string Kind, JsonElement Fields);

public sealed record Scenario(string Name, string Objective, IReadOnlyList<ScenarioGroup> Groups, IReadOnlyList<ScenarioInject> Injects);

/// <summary>
/// Reads a scenario file (JSON, described in docs/exercises.md): the exercise's name and objective, its groups (each
/// the agency it stands for and its participants; one may be the umpire) and its injects at minutes after the start.
/// A detection inject with a <c>path</c> becomes one detection per point, <c>everyMinutes</c> apart. Every problem is
/// named by its place in the file (<c>injects[3].latitude</c>) and all are reported together.
/// </summary>
public static partial class ExerciseScenario
{
    public const string Detection = "detection", Incident = "incident", Alert = "alert", Message = "message";

    public static readonly IReadOnlyList<string> Kinds = [Detection, Incident, Alert, Message];

    [GeneratedRegex("^[a-z][a-z0-9]{0,7}$")]
    private static partial Regex GroupName();

    public static Scenario Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw ValidationFailed.Field("scenario", "is required: a JSON scenario file.");
        }
        if (text.Length > ExerciseLimits.Scenario)
        {
            throw ValidationFailed.Field("scenario", $"is {text.Length} characters: at most {ExerciseLimits.Scenario}.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw ValidationFailed.Field("scenario", $"is not JSON: line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}.");
        }
        using (document)
        {
            var root = document.RootElement;
            var errors = new FieldErrors();
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ValidationFailed.Field("scenario", "is a JSON object with name, objective, groups and injects.");
            }
            var name = Text(root, "name", "name", ExerciseLimits.Name, errors);
            var objective = Text(root, "objective", "objective", ExerciseLimits.Objective, errors);
            var groups = Groups(root, errors);
            var injects = Injects(root, groups, errors);
            errors.ThrowIfAny();
            return new Scenario(name!, objective!, groups, injects);
        }
    }

    private static List<ScenarioGroup> Groups(JsonElement root, FieldErrors errors)
    {
        var groups = new List<ScenarioGroup>();
        if (!root.TryGetProperty("groups", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            errors.Add("groups", "is required: a list of groups, each with a name, the agency it stands for and its participants.");
            return groups;
        }
        var i = 0;
        foreach (var g in list.EnumerateArray())
        {
            var at = $"groups[{i++}]";
            if (g.ValueKind != JsonValueKind.Object)
            {
                errors.Add(at, "is an object with name, agency and participants.");
                continue;
            }
            var name = Text(g, "name", $"{at}.name", ExerciseLimits.GroupName, errors)?.ToLowerInvariant();
            if (name is not null && !GroupName().IsMatch(name))
            {
                errors.Add($"{at}.name", $"'{name}' is not a group name: a letter then up to 7 letters or digits.");
            }
            else if (name is not null && groups.Any(x => x.Name == name))
            {
                errors.Add($"{at}.name", $"'{name}' names two groups.");
            }
            var agency = Text(g, "agency", $"{at}.agency", 16, errors)?.ToUpperInvariant();
            var umpire = g.TryGetProperty("umpire", out var u) && u.ValueKind == JsonValueKind.True;
            var participants = new List<string>();
            if (!g.TryGetProperty("participants", out var p) || p.ValueKind != JsonValueKind.Array || p.GetArrayLength() == 0)
            {
                errors.Add($"{at}.participants", "is required: the user names of the group's participants.");
            }
            else
            {
                var j = 0;
                foreach (var user in p.EnumerateArray())
                {
                    if (user.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(user.GetString()))
                    {
                        errors.Add($"{at}.participants[{j}]", "is a user name.");
                    }
                    else
                    {
                        participants.Add(user.GetString()!.Trim());
                    }
                    j++;
                }
            }
            if (name is not null && agency is not null)
            {
                groups.Add(new ScenarioGroup(name, agency, umpire, participants));
            }
        }
        if (groups.Count(g => g.Umpire) > 1)
        {
            errors.Add("groups", "has more than one umpire group.");
        }
        if (groups.Count(g => !g.Umpire) == 0 && groups.Count > 0)
        {
            errors.Add("groups", "needs at least one playing group besides the umpire.");
        }
        var twice = groups.SelectMany(g => g.Participants.Select(p => (Group: g.Name, User: p))).GroupBy(x => x.User, StringComparer.OrdinalIgnoreCase).FirstOrDefault(x => x.Count() > 1);
        if (twice is not null)
        {
            errors.Add("groups", $"'{twice.Key}' is a participant of two groups ({string.Join(", ", twice.Select(x => x.Group))}): a participant plays one side.");
        }
        return groups;
    }

    private static List<ScenarioInject> Injects(JsonElement root, List<ScenarioGroup> groups, FieldErrors errors)
    {
        var injects = new List<ScenarioInject>();
        if (!root.TryGetProperty("injects", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            errors.Add("injects", "is required: a list of injects, each with atMinutes, group and kind.");
            return injects;
        }
        var i = 0;
        foreach (var inject in list.EnumerateArray())
        {
            var at = $"injects[{i++}]";
            if (inject.ValueKind != JsonValueKind.Object)
            {
                errors.Add(at, "is an object with atMinutes, group and kind.");
                continue;
            }
            var minutes = Number(inject, "atMinutes", $"{at}.atMinutes", 0, 7 * 24 * 60, errors);
            var group = Text(inject, "group", $"{at}.group", 64, errors)?.ToLowerInvariant();
            var played = groups.FirstOrDefault(g => g.Name == group);
            if (group is not null && played is null)
            {
                errors.Add($"{at}.group", $"'{group}' is not a group of the scenario.");
            }
            else if (played is { Umpire: true })
            {
                errors.Add($"{at}.group", $"'{group}' is the umpire group: injects are played into the playing groups.");
            }
            var kind = Text(inject, "kind", $"{at}.kind", 16, errors)?.ToLowerInvariant();
            if (kind is not null && !Kinds.Contains(kind))
            {
                errors.Add($"{at}.kind", $"'{kind}' is not an inject kind: {string.Join(", ", Kinds)}.");
                continue;
            }
            var expanded = kind switch
            {
                Detection => Detections(inject, at, errors),
                Incident => [Checked(inject, at, errors, Point, IncidentFields)],
                Message => [Checked(inject, at, errors, MessageFields)],
                _ => [Checked(inject, at, errors, AlertFields)],
            };
            if (minutes is { } m && group is not null && kind is not null)
            {
                injects.AddRange(expanded.Select((e, k) => new ScenarioInject(m + k * Every(inject), group, kind, e)));
            }
        }
        if (injects.Count > ExerciseLimits.Injects)
        {
            errors.Add("injects", $"make {injects.Count} injects once paths are expanded: at most {ExerciseLimits.Injects}.");
        }
        return injects.OrderBy(x => x.AtMinutes).ToList();
    }

    private static double Every(JsonElement inject)
        => inject.TryGetProperty("everyMinutes", out var e) && e.TryGetDouble(out var v) ? v : 1;

    /// <summary>A detection's path becomes one detection per point.</summary>
    private static List<JsonElement> Detections(JsonElement inject, string at, FieldErrors errors)
    {
        var sensor = Text(inject, "sensor", $"{at}.sensor", 64, errors);
        var target = Text(inject, "object", $"{at}.object", 64, errors);
        if (inject.TryGetProperty("everyMinutes", out var every) && (!every.TryGetDouble(out var e) || e is <= 0 or > 24 * 60))
        {
            errors.Add($"{at}.everyMinutes", "is a number of minutes above 0, at most 1440.");
        }
        if (!inject.TryGetProperty("path", out var path))
        {
            Point(inject, at, errors);
            return [inject.Clone()];
        }
        if (path.ValueKind != JsonValueKind.Array || path.GetArrayLength() == 0)
        {
            errors.Add($"{at}.path", "is a list of [latitude, longitude] points.");
            return [];
        }
        var points = new List<JsonElement>();
        var k = 0;
        foreach (var point in path.EnumerateArray())
        {
            var place = $"{at}.path[{k++}]";
            if (point.ValueKind != JsonValueKind.Array || point.GetArrayLength() != 2
                || !point[0].TryGetDouble(out var lat) || !point[1].TryGetDouble(out var lon) || lat is < -90 or > 90 || lon is < -180 or > 180)
            {
                errors.Add(place, "is [latitude, longitude]: latitude between -90 and 90, longitude between -180 and 180.");
                continue;
            }
            points.Add(JsonSerializer.SerializeToElement(new { sensor, @object = target, latitude = lat, longitude = lon }));
        }
        return points;
    }

    private static JsonElement Checked(JsonElement inject, string at, FieldErrors errors, params Action<JsonElement, string, FieldErrors>[] checks)
    {
        foreach (var check in checks)
        {
            check(inject, at, errors);
        }
        return inject.Clone();
    }

    private static void Point(JsonElement inject, string at, FieldErrors errors)
    {
        Number(inject, "latitude", $"{at}.latitude", -90, 90, errors);
        Number(inject, "longitude", $"{at}.longitude", -180, 180, errors);
    }

    private static void IncidentFields(JsonElement inject, string at, FieldErrors errors)
        => Text(inject, "type", $"{at}.type", 40, errors);

    private static void MessageFields(JsonElement inject, string at, FieldErrors errors)
        => Text(inject, "text", $"{at}.text", 4_000, errors);

    private static void AlertFields(JsonElement inject, string at, FieldErrors errors)
        => Text(inject, "title", $"{at}.title", 200, errors);

    private static string? Text(JsonElement e, string property, string place, int max, FieldErrors errors)
    {
        if (!e.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add(place, "is required.");
            return null;
        }
        var text = value.GetString()!.Trim();
        if (text.Length > max)
        {
            errors.Add(place, $"is {text.Length} characters: at most {max}.");
            return null;
        }
        return text;
    }

    private static double? Number(JsonElement e, string property, string place, double min, double max, FieldErrors errors)
    {
        if (!e.TryGetProperty(property, out var value) || !value.TryGetDouble(out var number) || number < min || number > max)
        {
            errors.Add(place, $"is required: a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
            return null;
        }
        return number;
    }
}
