using Cordon.Risk;

namespace Cordon.Bench.Risk;

/// <summary>Deterministic synthetic declarations with the shapes criteria look at (not a model of real trade).</summary>
internal sealed class DeclarationGenerator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Hs =
    [
        "8703231900", "8703241000", "6403990000", "6404110000", "8471300000", "8517130000", "8528720000", "2402200000", "2208300000",
        "9303200000", "2812100000", "2904100000", "3004900000", "6109100000", "6203420000", "6302210000", "8541430000", "7208510000",
        "3604100000", "8708299000", "9403600000", "3926909700", "8414510000", "8516310000", "0803901000", "1701140000", "2710124100",
        "4011100000", "8504403000", "9018390000", "8542310000", "3923210000", "6110200000", "7318150000", "8418102000", "8544429000",
    ];

    private static readonly int[] Sensitive = [7, 8, 9, 10, 11, 12, 18];
    private static readonly int[] Ordinary = Enumerable.Range(0, Hs.Length).Except(Sensitive).ToArray();

    private static readonly string[] Countries = ["CN", "CN", "CN", "VN", "TR", "IN", "US", "DE", "BD", "PK", "MY", "TH", "AE", "HK", "SG", "BR", "IR"];
    private static readonly string[] Modes = ["sea", "sea", "sea", "air", "air", "road", "rail", "post"];
    private static readonly string[] Loading = ["CNSHA", "CNNGB", "SGSIN", "AEJEA", "HKHKG", "VNSGN", "TRIST", "USNYC", "DEHAM", "INNSA"];
    private static readonly string[] Currencies = ["USD", "USD", "EUR", "CNY", "GBP", "TRY"];
    private static readonly string[] Descriptions =
    [
        "Passenger motor car", "Leather footwear", "Laptop computers", "Mobile phones", "Television sets", "Cigarettes", "Whisky",
        "Sporting shotguns", "Chlorine compounds", "Sulphonated derivatives", "Medicaments", "Cotton T-shirts", "Men's trousers",
        "Bed linen", "Solar panels", "Flat-rolled steel", "Fireworks", "Vehicle parts", "Furniture", "Plastic articles", "parts", "goods",
        "samples", "Gift set", "Spare parts for pumps",
    ];

    private readonly PartyFacts[] _importers = Parties("importer", 5_000, seed);
    private readonly PartyFacts[] _declarants = Parties("declarant", 300, seed + 1);
    private readonly PartyFacts[] _exporters = Parties("exporter", 8_000, seed + 2);

    private static PartyFacts[] Parties(string role, int n, int seed)
    {
        var random = new Random(seed);
        string[] words = ["General", "Trading", "Global", "Import", "Logistics", "Holdings", "Metals", "Textiles", "Motors"];
        return Enumerable.Range(0, n).Select(i => new PartyFacts
        {
            Role = role,
            Id = (random.Next(20) == 0 ? "AE-JAFZ-" : "NL") + i.ToString("D9", System.Globalization.CultureInfo.InvariantCulture),
            Name = $"{words[random.Next(words.Length)]} {words[random.Next(words.Length)]} {i} BV",
            Country = Countries[random.Next(Countries.Length)],
            Aeo = random.Next(5) == 0,
        }).ToArray();
    }

    private double BaseUnitValue(int hsIndex) => 20 + hsIndex * 37.5;

    /// <summary>Past unit values per HS6 and origin, from the same distribution as the declarations.</summary>
    public InMemoryRiskStatistics History(int n)
    {
        var random = new Random(seed + 99);
        return InMemoryRiskStatistics.From(Enumerable.Range(0, n).Select(_ =>
        {
            var h = random.Next(Hs.Length);
            return new InMemoryRiskStatistics.Observation(Hs[h][..6], Countries[random.Next(Countries.Length)], BaseUnitValue(h) * LogNormal(random));
        }));
    }

    private static double LogNormal(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Exp(0.5 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    public DeclarationFacts Next(int index)
    {
        var r = _random;
        var origin = Countries[r.Next(Countries.Length)];
        var itemCount = r.Next(10) switch { < 4 => 1, < 6 => 2, < 8 => 3, 8 => 5, _ => 8 };
        var items = new ItemFacts[itemCount];
        double totalCif = 0, totalDuties = 0, gross = 0;
        for (var i = 0; i < itemCount; i++)
        {
            // Sensitive goods (tobacco, alcohol, arms, precursors, fireworks) are a small share of trade.
            var h = r.Next(10) == 0 ? Sensitive[r.Next(Sensitive.Length)] : Ordinary[r.Next(Ordinary.Length)];
            var quantity = 1 + r.Next(500);
            var unitValue = BaseUnitValue(h) * LogNormal(r) * (r.Next(20) == 0 ? 0.2 : 1);
            var cif = Math.Round(quantity * unitValue, 2);
            var net = Math.Round(quantity * (0.2 + r.NextDouble() * 5), 1);
            var features = new ItemFeatures();
            features.Set("unit_value_ratio", unitValue / BaseUnitValue(h));
            features.Set("hs6_hit_rate", r.NextDouble() * 0.4);
            items[i] = new ItemFacts
            {
                Number = i + 1,
                HsCode = Hs[h],
                Description = r.Next(20) == 0 ? Descriptions[20 + r.Next(Descriptions.Length - 20)] : Descriptions[r.Next(20)],
                Origin = r.Next(6) == 0 ? Countries[r.Next(Countries.Length)] : origin,
                Quantity = quantity,
                Unit = "u",
                NetWeight = net,
                GrossWeight = net * (r.Next(30) == 0 ? 0.9 : 1.08),
                Cif = cif,
                Fob = cif * 0.93,
                Currency = "USD",
                Duties = Math.Round(cif * 0.08, 2),
                Features = features,
            };
            totalCif += cif;
            totalDuties += items[i].Duties;
            gross += items[i].GrossWeight;
        }
        var importer = _importers[r.Next(_importers.Length)];
        var declarant = _declarants[r.Next(_declarants.Length)];
        var exporter = _exporters[r.Next(_exporters.Length)];
        var declarationFeatures = new DeclarationFeatures();
        var inspections = r.Next(30);
        declarationFeatures.Set("trader_inspections", inspections);
        declarationFeatures.Set("trader_hit_rate", inspections == 0 ? double.NaN : r.NextDouble() * 0.4);
        declarationFeatures.Set("new_trader", r.Next(25) == 0);
        declarationFeatures.Set("declarant_hit_rate", r.NextDouble() * 0.3);
        declarationFeatures.Set("new_declarant", r.Next(100) == 0);
        declarationFeatures.Set("route_risk", r.NextDouble() * 0.2);
        var lodged = new DateOnly(2026, 1, 1).AddDays(r.Next(365));
        declarationFeatures.Set("lodged_weekend", lodged.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        declarationFeatures.Set("lodged_out_of_hours", r.Next(8) == 0);
        var screening = new ScreeningSignals();
        screening.Set("block_hits", r.Next(2_000) == 0 ? 1 : 0);
        screening.Set("review_hits", r.Next(200) == 0 ? 1 : 0);
        screening.Set("max_score", r.NextDouble() * 0.9);
        return new DeclarationFacts
        {
            Office = "NLRTM01",
            Number = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Flow = r.Next(10) == 0 ? "export" : "import",
            Procedure = "4000",
            Declarant = declarant,
            Importer = importer,
            Exporter = exporter,
            Parties = [importer, declarant, exporter],
            Origin = origin,
            ExportCountry = r.Next(5) == 0 ? Countries[r.Next(Countries.Length)] : origin,
            Destination = "NL",
            TransportMode = Modes[r.Next(Modes.Length)],
            PortOfLoading = Loading[r.Next(Loading.Length)],
            PortOfEntry = "NLRTM",
            LodgementDate = lodged,
            Currency = Currencies[r.Next(Currencies.Length)],
            TotalCif = totalCif,
            TotalFob = totalCif * 0.93,
            TotalDuties = totalDuties,
            GrossWeight = gross,
            Items = items,
            Features = declarationFeatures,
            Screening = screening,
        };
    }
}
