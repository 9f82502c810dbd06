using Cordon.Reference;

namespace Cordon.Screening.Lists;

/// <summary>
/// Turns the country words lists use ("Syrian Arab Republic", "Korea, North", "Iranian", "RU") into
/// ISO 3166 alpha-2 codes, so that a query's country compares with an entry's nationality.
/// </summary>
public static class CountryNames
{
    // Forms the lists and the dev sets use that the ISO table does not name.
    private static readonly (string Name, string Code)[] Extra =
    [
        ("korea, north", "KP"), ("north korea", "KP"), ("democratic people's republic of korea", "KP"), ("dprk", "KP"), ("korea, dprk", "KP"),
        ("korea, south", "KR"), ("south korea", "KR"), ("republic of korea", "KR"), ("korea", "KR"),
        ("russia", "RU"), ("russian federation", "RU"), ("syria", "SY"), ("syrian arab republic", "SY"), ("iran", "IR"),
        ("iran (islamic republic of)", "IR"), ("burma", "MM"), ("myanmar", "MM"), ("laos", "LA"), ("lao people's democratic republic", "LA"),
        ("vietnam", "VN"), ("viet nam", "VN"), ("venezuela", "VE"), ("venezuela (bolivarian republic of)", "VE"), ("bolivia", "BO"),
        ("tanzania", "TZ"), ("united republic of tanzania", "TZ"), ("moldova", "MD"), ("republic of moldova", "MD"),
        ("democratic republic of the congo", "CD"), ("congo, democratic republic of the", "CD"), ("drc", "CD"), ("congo", "CG"),
        ("republic of the congo", "CG"), ("ivory coast", "CI"), ("cote d'ivoire", "CI"), ("côte d'ivoire", "CI"),
        ("palestinian", "PS"), ("palestine", "PS"), ("west bank", "PS"), ("gaza", "PS"), ("state of palestine", "PS"),
        ("united kingdom", "GB"), ("uk", "GB"), ("great britain", "GB"), ("united states", "US"), ("usa", "US"), ("united states of america", "US"),
        ("turkey", "TR"), ("turkiye", "TR"), ("türkiye", "TR"), ("czech republic", "CZ"), ("czechia", "CZ"), ("macedonia", "MK"), ("north macedonia", "MK"),
        ("the former yugoslav republic of macedonia", "MK"), ("kosovo", "XK"), ("taiwan", "TW"), ("hong kong", "HK"), ("macau", "MO"), ("macao", "MO"),
        ("brunei", "BN"), ("cape verde", "CV"), ("cabo verde", "CV"), ("swaziland", "SZ"), ("eswatini", "SZ"), ("the gambia", "GM"), ("gambia", "GM"),
        ("libyan arab jamahiriya", "LY"), ("libya", "LY"), ("holy see", "VA"), ("micronesia", "FM"), ("st. kitts and nevis", "KN"),
        ("afghan", "AF"), ("iraqi", "IQ"), ("iranian", "IR"), ("syrian", "SY"), ("russian", "RU"), ("yemeni", "YE"), ("saudi", "SA"), ("saudi arabian", "SA"),
        ("egyptian", "EG"), ("pakistani", "PK"), ("lebanese", "LB"), ("jordanian", "JO"), ("kuwaiti", "KW"), ("libyan", "LY"), ("somali", "SO"),
        ("sudanese", "SD"), ("tunisian", "TN"), ("algerian", "DZ"), ("moroccan", "MA"), ("mexican", "MX"), ("colombian", "CO"), ("venezuelan", "VE"),
        ("cuban", "CU"), ("chinese", "CN"), ("indonesian", "ID"), ("philippine", "PH"), ("filipino", "PH"), ("british", "GB"), ("french", "FR"),
        ("german", "DE"), ("american", "US"), ("turkish", "TR"), ("ukrainian", "UA"), ("belarusian", "BY"), ("qatari", "QA"), ("emirati", "AE"),
        ("bahraini", "BH"), ("omani", "OM"), ("nigerian", "NG"), ("malian", "ML"), ("kenyan", "KE"), ("ugandan", "UG"), ("rwandan", "RW"),
        ("bangladeshi", "BD"), ("indian", "IN"), ("spanish", "ES"), ("italian", "IT"), ("dutch", "NL"), ("belgian", "BE"), ("swiss", "CH"),
    ];

    private static readonly Lazy<Dictionary<string, string>> ByName = new(Build);

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in ReferenceData.Instance.Countries.All)
        {
            map.TryAdd(c.Name, c.Alpha2);
            if (c.OfficialName is { } official)
            {
                map.TryAdd(official, c.Alpha2);
                map.TryAdd("the " + official, c.Alpha2);
            }
        }
        foreach (var (name, code) in Extra)
        {
            map[name] = code;
        }
        return map;
    }

    /// <summary>The alpha-2 code for a code or a name, or null when the words name no country we know.</summary>
    public static string? ToCode(string? text)
    {
        var s = (text ?? "").Trim().TrimEnd('.').Trim();
        if (s.Length == 0)
        {
            return null;
        }
        var countries = ReferenceData.Instance.Countries;
        if (s.Length == 2 && countries.ByAlpha2(s) is { } a2)
        {
            return a2.Alpha2;
        }
        if (s.Length == 3 && countries.ByAlpha3(s) is { } a3)
        {
            return a3.Alpha2;
        }
        return ByName.Value.TryGetValue(s, out var code) ? code : null;
    }
}
