using System.Text.Json;

namespace Cordon.Screening.Lists;

/// <summary>
/// OpenSanctions FollowTheMoney entities, one JSON object per line:
/// {"id":…,"schema":"Person","properties":{"name":[…],"alias":[…],"birthDate":[…],…}}.
/// Things that can be screened (Person, Organization, Company, LegalEntity, PublicBody, Vessel,
/// Airplane) become entries; the other schemas in an export (Sanction, Address, Ownership…) are skipped.
/// </summary>
public static class FtmParser
{
    private static readonly Dictionary<string, EntityType> Schemas = new(StringComparer.Ordinal)
    {
        ["Person"] = EntityType.Person,
        ["Organization"] = EntityType.Organisation,
        ["Company"] = EntityType.Organisation,
        ["LegalEntity"] = EntityType.Organisation,
        ["PublicBody"] = EntityType.Organisation,
        ["Vessel"] = EntityType.Vessel,
        ["Airplane"] = EntityType.Aircraft,
    };

    private static readonly (string Property, string Kind)[] IdentifierProperties =
    [
        ("passportNumber", "passport"), ("idNumber", "national-id"), ("taxNumber", "tax-id"), ("innCode", "tax-id"),
        ("vatCode", "tax-id"), ("imoNumber", "imo"), ("registrationNumber", "registration"), ("ogrnCode", "registration"),
        ("mmsi", "mmsi"), ("swiftBic", "swift-bic"), ("serialNumber", "aircraft-msn"), ("callSign", "call-sign"),
    ];

    public static IEnumerable<ListEntry> Read(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            var entry = Parse(path, line, text);
            if (entry is not null)
            {
                yield return entry;
            }
        }
    }

    private static ListEntry? Parse(string path, long line, string text)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw ListFormats.Error(path, line, $"not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw ListFormats.Error(path, line, "is not a JSON object.");
            }
            var id = root.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.String ? idValue.GetString() : null;
            if (string.IsNullOrWhiteSpace(id))
            {
                throw ListFormats.Error(path, line, "has no \"id\".");
            }
            var schema = root.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (string.IsNullOrWhiteSpace(schema))
            {
                throw ListFormats.Error(path, line, $"entity {id} has no \"schema\".");
            }
            if (!Schemas.TryGetValue(schema, out var type))
            {
                return null;
            }
            if (!root.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
            {
                throw ListFormats.Error(path, line, $"entity {id} has no \"properties\" object.");
            }
            List<string> Values(string property)
            {
                if (!props.TryGetProperty(property, out var v))
                {
                    return [];
                }
                if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                {
                    throw ListFormats.Error(path, line, $"entity {id}: properties.{property} is not an array of strings.");
                }
                return v.EnumerateArray().Select(x => x.GetString()!.Trim()).Where(x => x.Length > 0).Distinct().ToList();
            }
            var names = Values("name");
            if (names.Count == 0)
            {
                throw ListFormats.Error(path, line, $"entity {id}: properties.name is empty.");
            }
            var entry = new ListEntry { SourceId = id, Type = type, Name = names[0], Remarks = Values("notes").FirstOrDefault() };
            entry.Aliases.AddRange(names.Skip(1).Concat(Values("alias")).Concat(Values("previousName")).Distinct().Select(n => new ListAlias(n, AliasStrength.Strong)));
            entry.Aliases.AddRange(Values("weakAlias").Select(n => new ListAlias(n, AliasStrength.Weak)));
            foreach (var dob in Values("birthDate"))
            {
                var value = dob.Length > 10 ? dob[..10] : dob;
                if (!PartialDate.TryParse(value, out var date))
                {
                    throw ListFormats.Error(path, line, $"entity {id}: birthDate '{dob}' is not a date (yyyy, yyyy-MM or yyyy-MM-dd).");
                }
                if (!entry.BirthDates.Contains(date))
                {
                    entry.BirthDates.Add(date);
                }
            }
            foreach (var country in new[] { "nationality", "citizenship", "country", "jurisdiction", "flag", "mainCountry" }.SelectMany(Values))
            {
                var code = CountryNames.ToCode(country) ?? country;
                if (!entry.Countries.Contains(code))
                {
                    entry.Countries.Add(code);
                }
            }
            entry.Addresses.AddRange(Values("address"));
            foreach (var (property, kind) in IdentifierProperties)
            {
                entry.Identifiers.AddRange(Values(property).Select(v => new ListIdentifier(kind, v)));
            }
            entry.Programmes.AddRange(Values("program").Concat(Values("programId")).Distinct());
            return entry;
        }
    }
}
