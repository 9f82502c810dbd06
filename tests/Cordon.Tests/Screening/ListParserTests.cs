using Cordon.Common;
using Cordon.Screening.Lists;

namespace Cordon.Tests.Screening;

public sealed class ListParserTests
{
    [Fact]
    public void Ofac_legacy_csv_is_read_completely_with_aliases_addresses_and_remarks()
    {
        var entries = OfacCsvParser.Read(ListFiles.Ofac).ToList();

        Assert.Equal(8976, entries.Count);
        Assert.Equal(11910, entries.Sum(e => e.Aliases.Count(a => a.Strength == AliasStrength.Strong)));
        Assert.Equal(entries.Count, entries.Select(e => e.SourceId).Distinct().Count());
        Assert.Equal(4620, entries.Count(e => e.Type == EntityType.Person));
        Assert.Equal(406, entries.Count(e => e.Type == EntityType.Vessel));
        Assert.Equal(277, entries.Count(e => e.Type == EntityType.Aircraft));

        // 2676,"AL ZAWAHIRI, Dr. Ayman",…,"DOB 19 Jun 1951; POB Giza, Egypt; Passport 1084010 (Egypt); alt. Passport 19820215; …"
        var zawahiri = entries.Single(e => e.SourceId == "2676");
        Assert.Equal("AL ZAWAHIRI, Dr. Ayman", zawahiri.Name);
        Assert.Equal([new PartialDate(1951, 6, 19)], zawahiri.BirthDates);
        Assert.Contains(new ListIdentifier("passport", "1084010", "EG"), zawahiri.Identifiers);
        Assert.Contains(zawahiri.Identifiers, i => i is { Kind: "passport", Value: "19820215" });
        Assert.Equal(["SDGT"], zawahiri.Programmes);

        // Weak a.k.a.s live in the remarks; nationality words become ISO codes.
        var withWeak = entries.First(e => e.Remarks?.Contains("a.k.a. 'BILAL'", StringComparison.Ordinal) == true);
        Assert.Contains(new ListAlias("BILAL", AliasStrength.Weak), withWeak.Aliases);
        Assert.Contains(new PartialDate(1975, 1, 29), withWeak.BirthDates);
        Assert.Contains(entries, e => e.Countries.Contains("SY"));

        // Vessels carry their IMO number from the remarks and their flag.
        var vessel = entries.First(e => e.Type == EntityType.Vessel && e.Identifiers.Any(i => i.Kind == "imo"));
        Assert.Matches(@"^\d{7}$", vessel.Identifiers.First(i => i.Kind == "imo").Value);
        Assert.True(entries.Count(e => e.Identifiers.Any(i => i.Kind == "imo")) > 300);

        // "-0- " is empty: the Cuban airline has no remarks, one strong alias and a Havana address.
        var airline = entries.Single(e => e.SourceId == "36");
        Assert.Null(airline.Remarks);
        Assert.Equal(EntityType.Organisation, airline.Type);
        Assert.Equal([new ListAlias("AERO-CARIBBEAN", AliasStrength.Strong)], airline.Aliases);
        Assert.Equal(["Havana, Cuba"], airline.Addresses);
        Assert.Equal(["CU"], airline.Countries);
    }

    [Theory]
    [InlineData("21 Jan 1971", "1971-01-21")]
    [InlineData("1965", "1965")]
    [InlineData("circa 1965", "1965")]
    [InlineData("Mar 1965", "1965-03")]
    [InlineData("1960 to 1962", "1960..1962")]
    [InlineData("01 Jan 1960 to 31 Dec 1962", "1960..1962")]
    public void Ofac_dates_of_birth_are_read_in_every_written_form(string text, string expected)
        => Assert.Equal(expected, OfacCsvParser.ParseDob(text)?.ToString());

    [Fact]
    public void Un_consolidated_xml_is_read_completely()
    {
        var entries = UnXmlParser.Read(ListFiles.Un).ToList();

        Assert.Equal(730, entries.Count(e => e.Type == EntityType.Person));
        Assert.Equal(273, entries.Count(e => e.Type == EntityType.Organisation));
        Assert.Equal(entries.Count, entries.Select(e => e.SourceId).Distinct().Count());

        var kakolele = entries.Single(e => e.SourceId == "CDi.002");
        Assert.Equal("FRANK KAKOLELE BWAMBALE", kakolele.Name);
        Assert.Contains(new ListAlias("FRANK KAKORERE", AliasStrength.Strong), kakolele.Aliases);
        Assert.Contains("CD", kakolele.Countries);

        Assert.Equal([new PartialDate(1971)], entries.Single(e => e.SourceId == "CDi.001").BirthDates);
        Assert.Contains(entries, e => e.Aliases.Any(a => a.Strength == AliasStrength.Weak));
        Assert.Contains(entries, e => e.BirthDates.Any(d => d.IsFull));
        Assert.Contains(entries, e => e.BirthDates.Any(d => d.ToYear is not null));
        Assert.Contains(entries, e => e.Identifiers.Any(i => i.Kind == "passport"));
        Assert.Contains(entries, e => e.Identifiers.Any(i => i.Kind == "national-id"));
        // Names in the original script are kept as aliases (matched after transliteration).
        Assert.Contains(entries, e => e.Aliases.Any(a => a.Name.Any(c => c is >= '\u0600' and <= '\u06FF')));
    }

    [Fact]
    public void Ftm_entities_become_entries_and_other_schemas_are_skipped()
    {
        var entries = FtmParser.Read(ListFiles.Ftm).ToList();

        Assert.Equal(9, entries.Count);
        var bout = entries.Single(e => e.SourceId == "NK-2fEQzCzbtBPW8yCpCxyrSX");
        Assert.Equal(EntityType.Person, bout.Type);
        Assert.Equal("Viktor Anatolyevich Bout", bout.Name);
        Assert.Contains(new ListAlias("Виктор Анатольевич Бут", AliasStrength.Strong), bout.Aliases);
        Assert.Contains(new ListAlias("Vika", AliasStrength.Weak), bout.Aliases);
        Assert.Equal([new PartialDate(1967, 1, 13)], bout.BirthDates);
        Assert.Equal(["RU"], bout.Countries);
        Assert.Equal(2, bout.Identifiers.Count(i => i.Kind == "passport"));
        Assert.Equal(["SDGT", "LIBERIA"], bout.Programmes);

        var vessel = entries.Single(e => e.Type == EntityType.Vessel);
        Assert.Contains(new ListIdentifier("imo", "9187629"), vessel.Identifiers);
        Assert.Equal(["KM"], vessel.Countries);
        Assert.Equal(EntityType.Aircraft, entries.Single(e => e.Name == "EP-GOM").Type);
        Assert.Equal(new PartialDate(1980, 5), entries.Single(e => e.SourceId == "NK-5QqLbPZ2gQy5Km8fDWvHtA").BirthDates.Single());
    }

    [Fact]
    public void National_csv_reads_optional_columns()
    {
        var entries = NationalCsvParser.Read(ListFiles.National).ToList();

        Assert.Equal(4, entries.Count);
        var company = entries[0];
        Assert.Equal(EntityType.Organisation, company.Type);
        Assert.Equal(["De Vries Trading", "JDV Import"], company.Aliases.Select(a => a.Name));
        Assert.Equal([new ListIdentifier("registration", "12345678")], company.Identifiers);
        Assert.Equal(["TR", "NL"], entries[3].Countries);
        Assert.Equal([new PartialDate(1979)], entries[3].BirthDates);
    }

    [Fact]
    public void National_csv_without_the_required_header_is_refused()
    {
        var dir = ListFiles.TempFolder();
        try
        {
            var file = Path.Combine(dir, "list.csv");
            File.WriteAllText(file, "id,fullname\n1,Someone\n");
            var e = Assert.Throws<ValidationFailed>(() => NationalCsvParser.Read(file).ToList());
            Assert.Contains("list.csv line 1", e.Message, StringComparison.Ordinal);
            Assert.Contains("name, type", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Malformed_files_name_the_line_or_element_at_fault()
    {
        var dir = ListFiles.TempFolder();
        try
        {
            // OFAC: a row with a missing column, deep in a copy of the real file.
            var ofac = Path.Combine(dir, "ofac");
            Directory.CreateDirectory(ofac);
            var lines = File.ReadAllLines(Path.Combine(ListFiles.Ofac, "sdn.csv"));
            lines[4999] = "99999999,\"BROKEN ROW\",-0- ";
            File.WriteAllLines(Path.Combine(ofac, "sdn.csv"), lines);
            var e = Assert.Throws<ValidationFailed>(() => OfacCsvParser.Read(ofac).ToList());
            Assert.Contains("sdn.csv line 5000", e.Message, StringComparison.Ordinal);

            // UN: an individual without a name.
            var un = Path.Combine(dir, "un.xml");
            File.WriteAllText(un, """
                <?xml version="1.0" encoding="UTF-8"?>
                <CONSOLIDATED_LIST>
                  <INDIVIDUALS>
                    <INDIVIDUAL><DATAID>1</DATAID><REFERENCE_NUMBER>QDi.001</REFERENCE_NUMBER><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL>
                    <INDIVIDUAL><DATAID>2</DATAID><REFERENCE_NUMBER>QDi.002</REFERENCE_NUMBER></INDIVIDUAL>
                  </INDIVIDUALS>
                </CONSOLIDATED_LIST>
                """);
            e = Assert.Throws<ValidationFailed>(() => UnXmlParser.Read(un).ToList());
            Assert.Contains("un.xml line 5", e.Message, StringComparison.Ordinal);
            Assert.Contains("<INDIVIDUAL>", e.Message, StringComparison.Ordinal);
            Assert.Contains("QDi.002", e.Message, StringComparison.Ordinal);

            // UN: not well-formed.
            File.WriteAllText(un, "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>\n<FIRST_NAME>A</SECOND_NAME>");
            e = Assert.Throws<ValidationFailed>(() => UnXmlParser.Read(un).ToList());
            Assert.Contains("un.xml line 2", e.Message, StringComparison.Ordinal);

            // FtM: a truncated JSON line.
            var ftm = Path.Combine(dir, "x.ftm.json");
            File.WriteAllLines(ftm, [File.ReadLines(ListFiles.Ftm).First(), "{\"id\":\"x\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A"]);
            e = Assert.Throws<ValidationFailed>(() => FtmParser.Read(ftm).ToList());
            Assert.Contains("x.ftm.json line 2", e.Message, StringComparison.Ordinal);

            // National CSV: an unknown type.
            var csv = Path.Combine(dir, "national.csv");
            File.WriteAllText(csv, "id,name,type\n1,Someone,person\n2,Something,spaceship\n");
            e = Assert.Throws<ValidationFailed>(() => NationalCsvParser.Read(csv).ToList());
            Assert.Contains("national.csv line 3", e.Message, StringComparison.Ordinal);
            Assert.Contains("spaceship", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
