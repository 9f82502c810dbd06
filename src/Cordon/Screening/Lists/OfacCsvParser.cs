using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;

namespace Cordon.Screening.Lists;

/// <summary>
/// OFAC SDN "legacy" CSV: sdn.csv (ent_num, name, type, programme, title, call sign, vessel type,
/// tonnage, GRT, flag, owner, remarks), alt.csv (strong aliases) and add.csv (addresses), joined by
/// ent_num. "-0- " stands for an empty field. The remarks column carries the details that the
/// legacy format has no column for (dates of birth, nationalities, documents, IMO numbers, and the
/// weak a.k.a.s), so it is parsed.
/// </summary>
public static partial class OfacCsvParser
{
    public static IEnumerable<ListEntry> Read(string folder)
    {
        var files = ListFormats.Files(ListFormat.OfacCsv, folder);
        var sdn = files[0];
        var aliases = new Dictionary<string, List<ListAlias>>(StringComparer.Ordinal);
        var addresses = new Dictionary<string, List<(string Text, string? Country)>>(StringComparer.Ordinal);
        var alt = Path.Combine(folder, "alt.csv");
        if (File.Exists(alt))
        {
            foreach (var (line, f) in Rows(alt, 5))
            {
                var name = Field(f[3]) ?? throw ListFormats.Error(alt, line, "alt_name is empty.");
                Add(aliases, Id(alt, line, f[0]), new ListAlias(name, AliasStrength.Strong));
            }
        }
        var add = Path.Combine(folder, "add.csv");
        if (File.Exists(add))
        {
            foreach (var (line, f) in Rows(add, 6))
            {
                var parts = new[] { Field(f[2]), Field(f[3]), Field(f[4]) }.Where(p => p is not null);
                var text = string.Join(", ", parts);
                if (text.Length > 0)
                {
                    Add(addresses, Id(add, line, f[0]), (text, CountryNames.ToCode(Field(f[4]))));
                }
            }
        }
        foreach (var (line, f) in Rows(sdn, 12))
        {
            var id = Id(sdn, line, f[0]);
            var name = Field(f[1]) ?? throw ListFormats.Error(sdn, line, "SDN_Name is empty.");
            var type = Field(f[2])?.ToLowerInvariant() switch
            {
                null => EntityType.Organisation,
                "individual" => EntityType.Person,
                "vessel" => EntityType.Vessel,
                "aircraft" => EntityType.Aircraft,
                var other => throw ListFormats.Error(sdn, line, $"SDN_Type '{other}' is not individual, vessel, aircraft or empty."),
            };
            var entry = new ListEntry { SourceId = id, Type = type, Name = name, Remarks = Field(f[11]) };
            if (aliases.TryGetValue(id, out var strong))
            {
                entry.Aliases.AddRange(strong);
            }
            if (addresses.TryGetValue(id, out var places))
            {
                foreach (var (text, country) in places)
                {
                    entry.Addresses.Add(text);
                    AddCountry(entry, country);
                }
            }
            if (Field(f[3]) is { } programmes)
            {
                // Several programmes are written "SDGT] [IRGC".
                entry.Programmes.AddRange(programmes.Split("] [", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
            if (Field(f[5]) is { } callSign)
            {
                entry.Identifiers.Add(new ListIdentifier("call-sign", callSign));
            }
            if (Field(f[9]) is { } flag)
            {
                AddCountry(entry, CountryNames.ToCode(flag) ?? flag);
            }
            if (entry.Remarks is { } remarks)
            {
                ParseRemarks(entry, remarks);
            }
            yield return entry;
        }
    }

    private static IEnumerable<(long Line, string[] Fields)> Rows(string file, int columns)
    {
        using var reader = new StreamReader(file, System.Text.Encoding.UTF8);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            BadDataFound = null,
            Mode = CsvMode.RFC4180,
        });
        while (true)
        {
            bool more;
            try
            {
                more = csv.Read();
            }
            catch (CsvHelperException e)
            {
                throw ListFormats.Error(file, csv.RawRow, $"not valid CSV: {e.Message.Split('\n')[0]}");
            }
            if (!more)
            {
                yield break;
            }
            var fields = csv.Record ?? [];
            // The files end with a DOS end-of-file character (0x1A) on its own line.
            if (fields.Length == 1 && fields[0].Trim('\u001a', ' ').Length == 0)
            {
                continue;
            }
            if (fields.Length != columns)
            {
                throw ListFormats.Error(file, csv.RawRow, $"has {fields.Length} fields; {Path.GetFileName(file)} rows have {columns}.");
            }
            yield return (csv.RawRow, fields);
        }
    }

    private static string Id(string file, long line, string raw)
    {
        var id = raw.Trim();
        return id.Length > 0 && id.All(char.IsAsciiDigit) ? id : throw ListFormats.Error(file, line, $"ent_num '{raw}' is not a number.");
    }

    /// <summary>"-0- " is the legacy format's empty value.</summary>
    private static string? Field(string raw)
    {
        var s = raw.Trim();
        return s.Length == 0 || s == "-0-" ? null : s;
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string id, T value)
    {
        if (!map.TryGetValue(id, out var list))
        {
            map[id] = list = [];
        }
        list.Add(value);
    }

    private static void AddCountry(ListEntry entry, string? country)
    {
        if (country is not null && !entry.Countries.Contains(country))
        {
            entry.Countries.Add(country);
        }
    }

    private static readonly (Regex Pattern, string Kind)[] Documents =
    [
        (new(@"^Passport(?: No\.)?\s+", RegexOptions.IgnoreCase), "passport"),
        (new(@"^Diplomatic Passport\s+", RegexOptions.IgnoreCase), "passport"),
        (new(@"^(?:National ID No\.|Identification Number|Cedula No\.|D\.N\.I\.|C\.U\.R\.P\.|SSN|Personal ID Card|Residency Number|Matricula Mercantil No)\s*#?\s*", RegexOptions.IgnoreCase), "national-id"),
        (new(@"^(?:Tax ID No\.|NIT #|RUC #|R\.F\.C\.|RFC|V\.A\.T\. Number|C\.U\.I\.T\.|RIF #?)\s*", RegexOptions.IgnoreCase), "tax-id"),
        (new(@"^(?:Registration Number|Registration ID|Company Number|Business Registration Number|Commercial Registry Number|Business Number|Trade License No\.|Folio Mercantil No\.|Certificate of Incorporation Number)\s*", RegexOptions.IgnoreCase), "registration"),
        (new(@"^MMSI\s+", RegexOptions.IgnoreCase), "mmsi"),
        (new(@"^Aircraft Manufacturer's Serial Number \(MSN\)\s+", RegexOptions.IgnoreCase), "aircraft-msn"),
        (new(@"^SWIFT/BIC\s+", RegexOptions.IgnoreCase), "swift-bic"),
    ];

    /// <summary>Reads the "; "-separated facts of the remarks column into the entry.</summary>
    internal static void ParseRemarks(ListEntry entry, string remarks)
    {
        foreach (var raw in remarks.Split(';'))
        {
            var item = raw.Trim();
            if (item.EndsWith('.') && !item.EndsWith("'.", StringComparison.Ordinal) && item.Length > 1)
            {
                item = item[..^1];
            }
            item = item.TrimEnd('.');
            var alt = item.StartsWith("alt. ", StringComparison.OrdinalIgnoreCase);
            var body = alt ? item[5..].Trim() : item;

            if (WeakAlias().Match(item) is { Success: true } aka)
            {
                entry.Aliases.Add(new ListAlias(aka.Groups[1].Value.Trim(), AliasStrength.Weak));
            }
            else if (body.StartsWith("DOB ", StringComparison.Ordinal))
            {
                if (ParseDob(body[4..]) is { } dob && !entry.BirthDates.Contains(dob))
                {
                    entry.BirthDates.Add(dob);
                }
            }
            else if (Nationality().Match(body) is { Success: true } nat)
            {
                AddCountry(entry, CountryNames.ToCode(nat.Groups[1].Value) ?? nat.Groups[1].Value.Trim());
            }
            else if (Imo().Match(body) is { Success: true } imo)
            {
                entry.Identifiers.Add(new ListIdentifier("imo", imo.Groups[1].Value));
            }
            else
            {
                foreach (var (pattern, kind) in Documents)
                {
                    var m = pattern.Match(body);
                    if (!m.Success)
                    {
                        continue;
                    }
                    var rest = body[m.Length..];
                    var doc = DocumentValue().Match(rest);
                    if (doc.Success)
                    {
                        var country = doc.Groups[2].Success ? CountryNames.ToCode(doc.Groups[2].Value) ?? doc.Groups[2].Value : null;
                        entry.Identifiers.Add(new ListIdentifier(kind, doc.Groups[1].Value, country));
                    }
                    break;
                }
            }
        }
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>"21 Jan 1971", "Mar 1965", "1965", "circa 1965", "1960 to 1962", "01 Jan 1960 to 31 Dec 1962".</summary>
    internal static PartialDate? ParseDob(string text)
    {
        var s = text.Trim().TrimEnd('.');
        if (s.StartsWith("circa ", StringComparison.OrdinalIgnoreCase))
        {
            s = s[6..];
        }
        var range = s.Split(" to ", 2, StringSplitOptions.TrimEntries);
        if (range.Length == 2)
        {
            var from = ParseDob(range[0]);
            var to = ParseDob(range[1]);
            return from is { } f && to is { } t && t.Year >= f.Year
                ? (t.Year == f.Year ? new PartialDate(f.Year) : new PartialDate(f.Year, ToYear: t.Year))
                : null;
        }
        var parts = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int Year(string p) => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is > 1800 and < 2100 ? y : -1;
        int Month(string p) => Array.IndexOf(Months, p.ToLowerInvariant()[..Math.Min(3, p.Length)]) + 1;
        switch (parts.Length)
        {
            case 1 when Year(parts[0]) > 0:
                return new PartialDate(Year(parts[0]));
            case 2 when Year(parts[1]) > 0 && Month(parts[0]) > 0:
                return new PartialDate(Year(parts[1]), Month(parts[0]));
            case 3 when Year(parts[2]) > 0 && Month(parts[1]) > 0 && int.TryParse(parts[0], out var day)
                        && day >= 1 && day <= DateTime.DaysInMonth(Year(parts[2]), Month(parts[1])):
                return new PartialDate(Year(parts[2]), Month(parts[1]), day);
            default:
                return null;
        }
    }

    [GeneratedRegex(@"^[afn]\.k\.a\.\s+'(.+)'$", RegexOptions.IgnoreCase)]
    private static partial Regex WeakAlias();

    [GeneratedRegex(@"^(?:nationality|citizen)\s+(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Nationality();

    [GeneratedRegex(@"\bIMO\s+(\d{7})\b")]
    private static partial Regex Imo();

    [GeneratedRegex(@"^([A-Za-z0-9][A-Za-z0-9/-]*\d[A-Za-z0-9/-]*)(?:\s+\(([^)]+)\))?")]
    private static partial Regex DocumentValue();
}
