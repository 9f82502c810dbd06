namespace Cordon.Reference;

public sealed record Currency(string Code, string Numeric, string Name, int? MinorUnit, bool Withdrawn);

/// <summary>ISO 4217 currencies; the file lists one row per country using a currency, and withdrawn codes.</summary>
public sealed class CurrencyTable
{
    private readonly Dictionary<string, Currency> _byCode;

    public IReadOnlyList<Currency> All { get; }

    private CurrencyTable(List<Currency> currencies)
    {
        All = currencies;
        _byCode = currencies.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);
    }

    public static CurrencyTable Load(Stream stream)
    {
        var byCode = new Dictionary<string, Currency>(StringComparer.Ordinal);
        using var csv = ReferenceData.Csv(stream);
        csv.Read();
        csv.ReadHeader();
        while (csv.Read())
        {
            var code = csv.GetField("AlphabeticCode")?.Trim().ToUpperInvariant() ?? "";
            if (code.Length != 3)
            {
                continue;
            }
            var withdrawn = !string.IsNullOrWhiteSpace(csv.GetField("WithdrawalDate"));
            var minor = int.TryParse(csv.GetField("MinorUnit"), out var m) ? m : (int?)null;
            var currency = new Currency(code, csv.GetField("NumericCode")?.Trim() ?? "", csv.GetField("Currency")?.Trim() ?? code, minor, withdrawn);
            // A code in current use anywhere is current, even if some country withdrew it.
            if (!byCode.TryGetValue(code, out var seen) || (seen.Withdrawn && !withdrawn))
            {
                byCode[code] = currency;
            }
        }
        return new CurrencyTable(byCode.Values.OrderBy(c => c.Code, StringComparer.Ordinal).ToList());
    }

    public Currency? Find(string? code) => code is { Length: 3 } ? _byCode.GetValueOrDefault(code) : null;

    /// <summary>True for a code in current use (withdrawn codes are not accepted on new declarations).</summary>
    public bool IsCurrent(string? code) => Find(code) is { Withdrawn: false };

    public IEnumerable<Currency> Search(string? query)
    {
        var q = (query ?? "").Trim();
        var current = All.Where(c => !c.Withdrawn);
        return q.Length == 0
            ? current
            : current.Where(c => c.Code.Equals(q, StringComparison.OrdinalIgnoreCase) || c.Name.Contains(q, StringComparison.OrdinalIgnoreCase))
                .OrderBy(c => c.Code.Equals(q, StringComparison.OrdinalIgnoreCase) ? 0 : 1).ThenBy(c => c.Code, StringComparer.Ordinal);
    }
}
