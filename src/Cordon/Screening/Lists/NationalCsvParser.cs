using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace Cordon.Screening.Lists;

/// <summary>
/// The plain CSV a national authority can write by hand: header id,name,type required; optional
/// columns aliases (";"-separated), dob (";"-separated yyyy[-MM[-dd]]), country (";"-separated
/// ISO codes or names) and identifiers (";"-separated "kind:value", e.g. "passport:X123;imo:9187629").
/// </summary>
public static class NationalCsvParser
{
    private static readonly string[] Required = ["id", "name", "type"];

    public static IEnumerable<ListEntry> Read(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, Mode = CsvMode.RFC4180 });
        if (!Read(path, csv))
        {
            throw ListFormats.Error(path, 1, "the file is empty; it needs a header id,name,type.");
        }
        var header = (csv.Record ?? []).Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var missing = Required.Where(r => !header.Contains(r)).ToList();
        if (missing.Count > 0)
        {
            throw ListFormats.Error(path, csv.RawRow, $"the header lacks {string.Join(", ", missing)}; it needs id,name,type (optional: aliases, dob, country, identifiers).");
        }
        int Column(string name) => Array.IndexOf(header, name);
        int id = Column("id"), name = Column("name"), type = Column("type"),
            aliases = Column("aliases"), dob = Column("dob"), country = Column("country"), identifiers = Column("identifiers");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (Read(path, csv))
        {
            var f = csv.Record ?? [];
            var line = csv.RawRow;
            if (f.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (f.Length != header.Length)
            {
                throw ListFormats.Error(path, line, $"has {f.Length} fields; the header has {header.Length}.");
            }
            string Get(int i) => i < 0 ? "" : f[i].Trim();
            IEnumerable<string> List(int i) => Get(i).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

            var sourceId = Get(id);
            if (sourceId.Length == 0)
            {
                throw ListFormats.Error(path, line, "id is empty.");
            }
            if (!seen.Add(sourceId))
            {
                throw ListFormats.Error(path, line, $"id '{sourceId}' appears twice.");
            }
            if (Get(name).Length == 0)
            {
                throw ListFormats.Error(path, line, $"name of '{sourceId}' is empty.");
            }
            var entry = new ListEntry { SourceId = sourceId, Type = ParseType(path, line, Get(type)), Name = Get(name) };
            entry.Aliases.AddRange(List(aliases).Select(a => new ListAlias(a, AliasStrength.Strong)));
            foreach (var d in List(dob))
            {
                if (!PartialDate.TryParse(d, out var date))
                {
                    throw ListFormats.Error(path, line, $"dob '{d}' of '{sourceId}' is not a date (yyyy, yyyy-MM or yyyy-MM-dd).");
                }
                entry.BirthDates.Add(date);
            }
            foreach (var c in List(country))
            {
                entry.Countries.Add(CountryNames.ToCode(c) ?? throw ListFormats.Error(path, line, $"country '{c}' of '{sourceId}' is not an ISO 3166 country."));
            }
            foreach (var i in List(identifiers))
            {
                var colon = i.IndexOf(':', StringComparison.Ordinal);
                entry.Identifiers.Add(colon > 0
                    ? new ListIdentifier(i[..colon].Trim().ToLowerInvariant(), i[(colon + 1)..].Trim())
                    : new ListIdentifier("id", i));
            }
            yield return entry;
        }
    }

    private static bool Read(string path, CsvParser csv)
    {
        try
        {
            return csv.Read();
        }
        catch (CsvHelperException e)
        {
            throw ListFormats.Error(path, csv.RawRow, $"not valid CSV: {e.Message.Split('\n')[0]}");
        }
    }

    private static EntityType ParseType(string path, long line, string type) => type.ToLowerInvariant() switch
    {
        "person" or "individual" => EntityType.Person,
        "organisation" or "organization" or "entity" or "company" => EntityType.Organisation,
        "vessel" => EntityType.Vessel,
        "aircraft" => EntityType.Aircraft,
        _ => throw ListFormats.Error(path, line, $"type '{type}' is not person, organisation, vessel or aircraft."),
    };
}
