namespace Cordon.Reference;

public sealed record HsEntry(string Code, string Description, string? Parent, int Level, string Section)
{
    public string Kind => Level switch { 2 => "chapter", 4 => "heading", _ => "subheading" };
}

public sealed record HsSection(string Number, string Name);

/// <summary>HS 2022: 97 chapters, 1,229 headings, 5,613 six-digit subheadings.</summary>
public sealed class HsNomenclature
{
    private readonly Dictionary<string, HsEntry> _byCode;
    private readonly List<(HsEntry Entry, string[] Words)> _searchable;

    public IReadOnlyList<HsEntry> Entries { get; }
    public IReadOnlyDictionary<string, HsSection> Sections { get; }

    private HsNomenclature(List<HsEntry> entries, Dictionary<string, HsSection> sections)
    {
        Entries = entries;
        Sections = sections;
        _byCode = entries.ToDictionary(e => e.Code, StringComparer.Ordinal);
        _searchable = entries.Select(e => (e, Words.Of(e.Description))).ToList();
    }

    public static HsNomenclature Load(Stream nomenclature, Stream sections)
    {
        var entries = new List<HsEntry>();
        using (var csv = ReferenceData.Csv(nomenclature))
        {
            csv.Read();
            csv.ReadHeader();
            while (csv.Read())
            {
                var code = csv.GetField("hscode")!.Trim();
                var level = int.Parse(csv.GetField("level")!, System.Globalization.CultureInfo.InvariantCulture);
                var parent = csv.GetField("parent")!.Trim();
                entries.Add(new HsEntry(code, csv.GetField("description")!.Trim(), parent == "TOTAL" ? null : parent, level, csv.GetField("section")!.Trim()));
            }
        }
        var sectionMap = new Dictionary<string, HsSection>(StringComparer.Ordinal);
        using (var csv = ReferenceData.Csv(sections))
        {
            csv.Read();
            csv.ReadHeader();
            while (csv.Read())
            {
                var number = csv.GetField("section")!.Trim();
                sectionMap[number] = new HsSection(number, csv.GetField("name")!.Trim());
            }
        }
        return new HsNomenclature(entries, sectionMap);
    }

    public HsEntry? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>
    /// True when <paramref name="code"/> is 6 to 10 digits and its first six are a valid HS 2022
    /// subheading (national tariff lines extend the six-digit code).
    /// </summary>
    public bool IsValidTariffCode(string? code)
        => code is { Length: >= 6 and <= 10 } && code.All(char.IsAsciiDigit) && _byCode.TryGetValue(code[..6], out var e) && e.Level == 6;

    public bool IsValidSubheading(string? code) => code is { Length: 6 } && _byCode.TryGetValue(code, out var e) && e.Level == 6;

    /// <summary>Children of a chapter or heading, in code order.</summary>
    public IEnumerable<HsEntry> Children(string code) => Entries.Where(e => e.Parent == code);

    /// <summary>
    /// Search by code prefix (digits, dots and spaces ignored) or by words (every word must start a
    /// word of the description). Chapters and headings come before subheadings, then code order.
    /// </summary>
    public IEnumerable<HsEntry> Search(string? query)
    {
        var q = (query ?? "").Trim();
        if (q.Length == 0)
        {
            return Entries.Where(e => e.Level == 2);
        }
        var digits = new string(q.Where(c => !char.IsWhiteSpace(c) && c != '.').ToArray());
        if (digits.All(char.IsAsciiDigit))
        {
            return Entries.Where(e => e.Code.StartsWith(digits, StringComparison.Ordinal))
                .OrderBy(e => e.Code, StringComparer.Ordinal);
        }
        var terms = Words.Of(q);
        return _searchable
            .Where(s => terms.All(t => s.Words.Any(w => w.StartsWith(t, StringComparison.Ordinal))))
            .Select(s => s.Entry)
            .OrderBy(e => e.Level)
            .ThenBy(e => e.Code, StringComparer.Ordinal);
    }
}
