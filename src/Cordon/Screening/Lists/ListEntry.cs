using System.Globalization;
using System.Text.Json.Serialization;

namespace Cordon.Screening.Lists;

/// <summary>What a listed party is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EntityType>))]
public enum EntityType
{
    Person,
    Organisation,
    Vessel,
    Aircraft,
}

/// <summary>
/// How much an alias can be trusted. Lists publish "weak" or "low quality" aliases (nicknames, short
/// forms) that would flood analysts with alerts if matched like a real name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AliasStrength>))]
public enum AliasStrength
{
    Strong,
    Weak,
}

public sealed record ListAlias(string Name, AliasStrength Strength);

/// <summary>An identifier of a listed party: passport, national id, tax id, IMO, registration…</summary>
public sealed record ListIdentifier(string Kind, string Value, string? Country = null)
{
    /// <summary>Comparable form: upper case letters and digits only.</summary>
    [JsonIgnore]
    public string Normalised => Normalise(Value);

    public static string Normalise(string value)
    {
        var s = string.Concat(value.Where(char.IsLetterOrDigit)).ToUpperInvariant();
        // "IMO 9187629" and "9187629" are the same IMO number.
        return s.Length == 10 && s.StartsWith("IMO", StringComparison.Ordinal) && s[3..].All(char.IsAsciiDigit) ? s[3..] : s;
    }
}

/// <summary>
/// A date of birth as lists give it: full, month and year, year only, or a range of years
/// ("1960 to 1962"). Written as yyyy, yyyy-MM, yyyy-MM-dd or yyyy..yyyy.
/// </summary>
[JsonConverter(typeof(PartialDateJsonConverter))]
public readonly record struct PartialDate(int Year, int? Month = null, int? Day = null, int? ToYear = null)
{
    public bool IsFull => Month is not null && Day is not null && ToYear is null;

    public override string ToString() => ToYear is { } to
        ? $"{Year:D4}..{to:D4}"
        : Day is { } d && Month is { } m
            ? $"{Year:D4}-{m:D2}-{d:D2}"
            : Month is { } mo ? $"{Year:D4}-{mo:D2}" : $"{Year:D4}";

    public static bool TryParse(string? text, out PartialDate date)
    {
        date = default;
        var s = (text ?? "").Trim();
        if (s.Length == 0)
        {
            return false;
        }
        var range = s.Split("..", 2);
        if (range.Length == 2)
        {
            if (TryYear(range[0], out var from) && TryYear(range[1], out var to) && to >= from)
            {
                date = new PartialDate(from, ToYear: to == from ? null : to);
                return true;
            }
            return false;
        }
        var parts = s.Split('-');
        if (parts.Length == 1 && TryYear(parts[0], out var y))
        {
            date = new PartialDate(y);
            return true;
        }
        if (parts.Length is 2 or 3 && TryYear(parts[0], out y)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12)
        {
            if (parts.Length == 2)
            {
                date = new PartialDate(y, month);
                return true;
            }
            if (int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
                && day >= 1 && day <= DateTime.DaysInMonth(y, month))
            {
                date = new PartialDate(y, month, day);
                return true;
            }
        }
        return false;
    }

    private static bool TryYear(string s, out int year)
        => int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= 1800 and <= 2100;
}

internal sealed class PartialDateJsonConverter : JsonConverter<PartialDate>
{
    public override PartialDate Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
        => PartialDate.TryParse(reader.GetString(), out var d) ? d : throw new System.Text.Json.JsonException($"'{reader.GetString()}' is not a date.");

    public override void Write(System.Text.Json.Utf8JsonWriter writer, PartialDate value, System.Text.Json.JsonSerializerOptions options)
        => writer.WriteStringValue(value.ToString());
}

/// <summary>One entry of a watch list as a parser reads it, before it is stored.</summary>
public sealed record ListEntry
{
    /// <summary>The list's own id for the entry (OFAC ent_num, UN reference number, FtM id, CSV id).</summary>
    public required string SourceId { get; init; }
    public required EntityType Type { get; init; }
    public required string Name { get; init; }
    public List<ListAlias> Aliases { get; init; } = [];
    public List<PartialDate> BirthDates { get; init; } = [];
    /// <summary>Nationalities, citizenships, flags and countries of residence: ISO 3166 alpha-2 where known.</summary>
    public List<string> Countries { get; init; } = [];
    public List<string> Addresses { get; init; } = [];
    public List<ListIdentifier> Identifiers { get; init; } = [];
    public List<string> Programmes { get; init; } = [];
    public string? Remarks { get; init; }

    /// <summary>Every name to match: the primary name first, then the aliases.</summary>
    public IEnumerable<ListAlias> AllNames()
    {
        yield return new ListAlias(Name, AliasStrength.Strong);
        foreach (var a in Aliases)
        {
            yield return a;
        }
    }
}

public static class EntityTypes
{
    /// <summary>person, organisation (organization, entity, company), vessel, aircraft; null when it is none.</summary>
    public static EntityType? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "person" or "individual" => EntityType.Person,
        "organisation" or "organization" or "entity" or "company" => EntityType.Organisation,
        "vessel" or "ship" => EntityType.Vessel,
        "aircraft" or "airplane" => EntityType.Aircraft,
        _ => null,
    };
}
