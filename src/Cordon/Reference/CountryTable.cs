using Cordon.Common;

namespace Cordon.Reference;

public sealed record Country(string Alpha2, string Alpha3, string Numeric, string Name, string? OfficialName, string? Currency, string? Region);

/// <summary>ISO 3166-1 countries with their ISO 4217 currency.</summary>
public sealed class CountryTable
{
    private readonly Dictionary<string, Country> _byAlpha2;
    private readonly Dictionary<string, Country> _byAlpha3;

    public IReadOnlyList<Country> All { get; }

    private CountryTable(List<Country> countries)
    {
        All = countries;
        _byAlpha2 = countries.ToDictionary(c => c.Alpha2, StringComparer.OrdinalIgnoreCase);
        _byAlpha3 = countries.Where(c => c.Alpha3.Length == 3).ToDictionary(c => c.Alpha3, StringComparer.OrdinalIgnoreCase);
    }

    public static CountryTable Load(Stream stream)
    {
        var list = new List<Country>();
        using var csv = ReferenceData.Csv(stream);
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            var alpha2 = csv.GetField("ISO3166-1-Alpha-2")?.Trim() ?? "";
            if (alpha2.Length != 2)
            {
                continue;
            }
            var name = TextInput.Trim(csv.GetField("CLDR display name")) ?? TextInput.Trim(csv.GetField("UNTERM English Short")) ?? TextInput.Trim(csv.GetField("official_name_en")) ?? alpha2;
            var numeric = csv.GetField("ISO3166-1-numeric")?.Trim() ?? "";
            list.Add(new Country(
                alpha2.ToUpperInvariant(),
                csv.GetField("ISO3166-1-Alpha-3")?.Trim().ToUpperInvariant() ?? "",
                numeric.Length > 0 ? numeric.PadLeft(3, '0') : "",
                name,
                TextInput.Trim(csv.GetField("official_name_en")),
                TextInput.Trim(csv.GetField("ISO4217-currency_alphabetic_code"))?.Split(',')[0].Trim(),
                TextInput.Trim(csv.GetField("Region Name"))));
        }
        return new CountryTable(list.OrderBy(c => c.Alpha2, StringComparer.Ordinal).ToList());
    }

    public Country? ByAlpha2(string? code) => code is { Length: 2 } ? _byAlpha2.GetValueOrDefault(code) : null;

    public Country? ByAlpha3(string? code) => code is { Length: 3 } ? _byAlpha3.GetValueOrDefault(code) : null;

    public IEnumerable<Country> Search(string? query)
    {
        var q = (query ?? "").Trim();
        if (q.Length == 0)
        {
            return All;
        }
        return All.Where(c => c.Alpha2.Equals(q, StringComparison.OrdinalIgnoreCase)
                              || c.Alpha3.Equals(q, StringComparison.OrdinalIgnoreCase)
                              || c.Name.Contains(q, StringComparison.OrdinalIgnoreCase)
                              || (c.OfficialName?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false))
            .OrderBy(c => c.Alpha2.Equals(q, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(c => c.Name, StringComparer.Ordinal);
    }

}
