using System.Xml;
using System.Xml.Linq;

namespace Cordon.Screening.Lists;

/// <summary>
/// The UN Security Council consolidated list (CONSOLIDATED_LIST with INDIVIDUALS and ENTITIES).
/// Read one INDIVIDUAL or ENTITY element at a time, so the whole document is never in memory.
/// Alias quality "Good", "a.k.a." and "f.k.a." are strong; "Low" is weak.
/// </summary>
public static class UnXmlParser
{
    public static IEnumerable<ListEntry> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true, IgnoreComments = true });
        Guard(path, () =>
        {
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.Name != "CONSOLIDATED_LIST")
            {
                throw ListFormats.Error(path, ((IXmlLineInfo)reader).LineNumber, $"the root element is <{reader.Name}>, not <CONSOLIDATED_LIST>.");
            }
            reader.Read();
        });
        while (Next(path, reader) is { } next)
        {
            yield return Entry(path, next.Line, next.Element);
        }
    }

    /// <summary>The next INDIVIDUAL or ENTITY element, or null at the end of the document.</summary>
    private static (XElement Element, long Line)? Next(string path, XmlReader reader)
    {
        (XElement, long)? found = null;
        Guard(path, () =>
        {
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Name is "INDIVIDUAL" or "ENTITY")
                {
                    var line = ((IXmlLineInfo)reader).LineNumber;
                    found = ((XElement)XNode.ReadFrom(reader), line);
                    return;
                }
                reader.Read();
            }
        });
        return found;
    }

    private static void Guard(string path, Action read)
    {
        try
        {
            read();
        }
        catch (XmlException e)
        {
            throw ListFormats.Error(path, e.LineNumber, $"not well-formed XML: {e.Message}");
        }
    }

    private static string? Text(XElement e, string name)
    {
        var v = e.Element(name)?.Value.Trim();
        return string.IsNullOrEmpty(v) ? null : v;
    }

    private static ListEntry Entry(string path, long line, XElement e)
    {
        var individual = e.Name == "INDIVIDUAL";
        var where = $"<{e.Name}> at";
        var reference = Text(e, "REFERENCE_NUMBER") ?? Text(e, "DATAID")
            ?? throw ListFormats.Error(path, line, $"{where} has neither REFERENCE_NUMBER nor DATAID.");
        var name = string.Join(' ', new[] { "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME" }.Select(n => Text(e, n)).Where(n => n is not null));
        if (name.Length == 0)
        {
            throw ListFormats.Error(path, line, $"{where} {reference} has no FIRST_NAME.");
        }
        var entry = new ListEntry
        {
            SourceId = reference,
            Type = individual ? EntityType.Person : EntityType.Organisation,
            Name = name,
            Remarks = Text(e, "COMMENTS1"),
        };
        if (Text(e, "UN_LIST_TYPE") is { } programme)
        {
            entry.Programmes.Add(programme);
        }
        if (Text(e, "NAME_ORIGINAL_SCRIPT") is { } original)
        {
            entry.Aliases.Add(new ListAlias(original, AliasStrength.Strong));
        }
        foreach (var alias in e.Elements(individual ? "INDIVIDUAL_ALIAS" : "ENTITY_ALIAS"))
        {
            if (Text(alias, "ALIAS_NAME") is not { } aliasName)
            {
                continue;
            }
            var strength = string.Equals(Text(alias, "QUALITY"), "Low", StringComparison.OrdinalIgnoreCase) ? AliasStrength.Weak : AliasStrength.Strong;
            entry.Aliases.Add(new ListAlias(aliasName, strength));
        }
        foreach (var value in e.Elements("NATIONALITY").Elements("VALUE"))
        {
            AddCountry(entry, value.Value);
        }
        foreach (var address in e.Elements(individual ? "INDIVIDUAL_ADDRESS" : "ENTITY_ADDRESS"))
        {
            var parts = new[] { "STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY" }.Select(n => Text(address, n)).Where(p => p is not null).ToList();
            if (parts.Count > 0)
            {
                entry.Addresses.Add(string.Join(", ", parts));
            }
            AddCountry(entry, Text(address, "COUNTRY"));
        }
        foreach (var dob in e.Elements("INDIVIDUAL_DATE_OF_BIRTH"))
        {
            PartialDate? date = null;
            if (Text(dob, "DATE") is { } full)
            {
                date = PartialDate.TryParse(full.Length >= 10 ? full[..10] : full, out var d) ? d
                    : throw ListFormats.Error(path, line, $"{where} {reference}: DATE '{full}' is not a date.");
            }
            else if (Text(dob, "YEAR") is { } year)
            {
                date = PartialDate.TryParse(year, out var d) ? d
                    : throw ListFormats.Error(path, line, $"{where} {reference}: YEAR '{year}' is not a year.");
            }
            else if (Text(dob, "FROM_YEAR") is { } from && Text(dob, "TO_YEAR") is { } to)
            {
                date = PartialDate.TryParse($"{from}..{to}", out var d) ? d
                    : throw ListFormats.Error(path, line, $"{where} {reference}: FROM_YEAR/TO_YEAR '{from}'..'{to}' is not a range of years.");
            }
            if (date is { } value && !entry.BirthDates.Contains(value))
            {
                entry.BirthDates.Add(value);
            }
        }
        foreach (var document in e.Elements("INDIVIDUAL_DOCUMENT"))
        {
            if (Text(document, "NUMBER") is not { } number)
            {
                continue;
            }
            var type = (Text(document, "TYPE_OF_DOCUMENT") ?? "").ToLowerInvariant();
            var kind = type.Contains("pas", StringComparison.Ordinal) ? "passport"
                : type.Contains("national", StringComparison.Ordinal) ? "national-id"
                : "document";
            var country = Text(document, "ISSUING_COUNTRY") ?? Text(document, "COUNTRY_OF_ISSUE");
            entry.Identifiers.Add(new ListIdentifier(kind, number, CountryNames.ToCode(country) ?? country));
        }
        return entry;
    }

    private static void AddCountry(ListEntry entry, string? country)
    {
        if (string.IsNullOrWhiteSpace(country))
        {
            return;
        }
        var code = CountryNames.ToCode(country) ?? country.Trim();
        if (!entry.Countries.Contains(code))
        {
            entry.Countries.Add(code);
        }
    }
}
