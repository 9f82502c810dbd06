using System.Globalization;
using System.Text.Json;
using Cordon.Declarations;
using Cordon.Reference;

namespace Cordon.Demo;

/// <summary>
/// Synthetic import declarations with inspection outcomes, for the demo, the benchmarks and the risk
/// model's development. Deterministic for a seed. The distributions (documented in
/// docs/declarations.md) are illustrative, not any administration's statistics; duty rates are
/// round illustrative figures, not a real tariff.
/// </summary>
public sealed class DeclarationGenerator
{
    /// <summary>A kind of goods: its market unit price, weight, illustrative duty rate and how it can be misdeclared.</summary>
    public sealed record Product(string Hs6, string Description, string Unit, decimal UnitPrice, decimal KgPerUnit, decimal DutyRate, double Weight,
        double MedianQuantity, string? CheaperNeighbour = null, decimal NeighbourDutyRate = 0, decimal ChinaSurcharge = 0);

    public static readonly IReadOnlyList<Product> Products =
    [
        new("851713", "Smartphones", "u", 180m, 0.35m, 0m, 9, 400),
        new("847130", "Portable computers (laptops)", "u", 450m, 2.6m, 0m, 7, 150),
        new("852872", "Colour television receivers", "u", 300m, 14m, 0.14m, 4, 120, "852852", 0m),
        new("870323", "Passenger cars, 1,500–3,000 cc petrol", "u", 18000m, 1400m, 0.10m, 2, 3),
        new("870899", "Parts and accessories of motor vehicles", "kg", 8m, 1m, 0.045m, 6, 2500),
        new("640299", "Footwear, rubber or plastic uppers", "pr", 9m, 0.8m, 0.169m, 4, 3000, "640399", 0.08m),
        new("640399", "Footwear, leather uppers", "pr", 28m, 0.9m, 0.08m, 3, 1500),
        new("610910", "T-shirts, cotton, knitted", "u", 3.5m, 0.2m, 0.12m, 7, 8000),
        new("620342", "Men's trousers (jeans), cotton", "u", 9m, 0.6m, 0.12m, 5, 4000),
        new("420221", "Handbags, leather outer surface", "u", 35m, 0.9m, 0.03m, 2, 800),
        new("950300", "Toys", "u", 6m, 0.4m, 0.047m, 5, 5000),
        new("220421", "Wine in containers of 2 l or less", "l", 4m, 1.3m, 0.15m, 3, 6000, "220429", 0.08m),
        new("240220", "Cigarettes containing tobacco", "u", 0.12m, 0.0011m, 0.57m, 1, 400000, "240399", 0.20m),
        new("871200", "Bicycles, not motorised", "u", 110m, 14m, 0.14m, 2, 300, "871499", 0.047m, 0.485m),
        new("711319", "Jewellery of precious metal", "kg", 42000m, 1m, 0.025m, 1, 3, "710812", 0m),
        new("090121", "Coffee, roasted", "kg", 9m, 1m, 0.075m, 2, 5000, "090111", 0m),
        new("170199", "Cane or beet sugar, refined", "kg", 0.6m, 1m, 0.33m, 1, 40000, "170490", 0.09m),
        new("100630", "Rice, semi- or wholly milled", "kg", 0.7m, 1m, 0.17m, 2, 50000, "100640", 0.06m),
        new("731815", "Screws and bolts of iron or steel", "kg", 2.2m, 1m, 0.037m, 3, 12000, null, 0, 0.22m),
        new("691110", "Tableware and kitchenware of porcelain", "kg", 3m, 1m, 0.12m, 2, 6000, null, 0, 0.30m),
        new("720851", "Flat-rolled steel, hot-rolled, > 10 mm", "kg", 0.7m, 1m, 0m, 2, 200000, null, 0, 0.18m),
        new("760711", "Aluminium foil, rolled", "kg", 3.4m, 1m, 0.075m, 1, 20000, null, 0, 0.30m),
        new("300490", "Medicaments, in measured doses", "kg", 60m, 1m, 0m, 4, 800),
        new("940360", "Wooden furniture", "u", 70m, 25m, 0.03m, 4, 400),
        new("080390", "Bananas, fresh", "kg", 0.8m, 1m, 0.16m, 3, 20000),
        new("401110", "New pneumatic tyres for cars", "u", 45m, 9m, 0.045m, 3, 1200),
        new("392490", "Household articles of plastics", "kg", 3m, 1m, 0.065m, 5, 5000),
        new("854143", "Photovoltaic modules", "u", 95m, 22m, 0m, 3, 900),
        new("850760", "Lithium-ion accumulators", "u", 40m, 1.2m, 0.027m, 4, 3000),
        new("841451", "Table, floor and wall fans", "u", 14m, 3m, 0.032m, 2, 2000),
        new("901890", "Medical instruments", "u", 55m, 0.5m, 0m, 2, 1500),
        new("270900", "Crude petroleum oils", "kg", 0.55m, 1m, 0m, 1, 2000000),
    ];

    /// <summary>Countries of origin (ISO alpha-2) with relative frequency.</summary>
    public static readonly IReadOnlyList<(string Country, double Weight)> Origins =
    [
        ("CN", 30), ("US", 10), ("GB", 8), ("TR", 6), ("IN", 6), ("VN", 5), ("JP", 4), ("KR", 4), ("TW", 3), ("TH", 3),
        ("MY", 3), ("BR", 3), ("CH", 3), ("ID", 2), ("BD", 3), ("PK", 2), ("MA", 2), ("ZA", 2), ("EC", 2), ("CO", 2), ("NO", 2), ("KE", 1),
    ];

    /// <summary>Where Chinese goods under an extra duty are said to come from instead.</summary>
    private static readonly string[] TransshipmentOrigins = ["VN", "MY", "TH", "ID"];

    public sealed record Office(string Code, string Name, string Port, TransportMode Mode, double Weight);

    public static readonly IReadOnlyList<Office> Offices =
    [
        new("NL000396", "Rotterdam Maasvlakte", "NLRTM", TransportMode.Sea, 34),
        new("NL000397", "Rotterdam Botlek", "NLRTM", TransportMode.Sea, 14),
        new("NL000566", "Amsterdam Port", "NLAMS", TransportMode.Sea, 8),
        new("NL000434", "Vlissingen", "NLVLI", TransportMode.Sea, 5),
        new("NL000510", "Moerdijk", "NLMOE", TransportMode.Sea, 5),
        new("NL000611", "Eemshaven", "NLEEM", TransportMode.Sea, 3),
        new("NL000854", "Schiphol Cargo", "NLAMS", TransportMode.Air, 21),
        new("NL000120", "Venlo", "NLVEN", TransportMode.Road, 10),
    ];

    /// <summary>Relative volume by month (January first): the pre-Christmas peak, the February and August dips.</summary>
    public static readonly double[] MonthWeights = [0.85, 0.8, 1.0, 0.95, 1.0, 1.0, 0.9, 0.85, 1.1, 1.2, 1.25, 1.0];
    public static readonly double[] WeekdayWeights = [0.1, 1, 1, 1, 1, 1, 0.25]; // Sunday first

    /// <summary>Importer compliance profiles: share of importers and chance that one of their declarations hides a fraud.</summary>
    public static readonly IReadOnlyList<(string Profile, double Share, double FraudRate)> Profiles =
    [
        ("compliant", 0.80, 0.02),
        ("careless", 0.15, 0.12),
        ("repeat offender", 0.05, 0.40),
    ];

    public const decimal VatRate = 0.21m;

    /// <summary>
    /// The noise of real trade, so that a model trained on this data scores like one trained on real
    /// declarations (holdout AUC well below 1): the share of honest items priced far below the usual,
    /// and the share of frauds whose declaration shows nothing (goods hidden in the load).
    /// </summary>
    public const double OddButHonest = 0.07, Concealed = 0.3;
    public static readonly DateOnly From = new(2024, 1, 1);
    public static readonly DateOnly To = new(2025, 12, 31);

    private sealed record Importer(int Index, string Eori, string Name, string Address, double FraudRate, int[] Products, string[] Origins, int Broker, double Activity);

    private readonly Random _random;
    // The noise of real trade comes from its own stream, so the rest of a seed's data (dates, importers, goods) stays as it was.
    private readonly Random _noise;
    private readonly Importer[] _importers;
    private readonly double[] _importerCumulative;
    private readonly string[] _brokers;
    private readonly string[] _vessels;
    private readonly Dictionary<string, string[]> _portsByCountry;
    private readonly int _count;
    private readonly bool _amendments;

    public DeclarationGenerator(int count, int seed, bool amendments = true)
    {
        _count = count;
        _amendments = amendments;
        _random = new Random(seed);
        _noise = new Random(unchecked(seed * 7919 + 17));
        _brokers = Enumerable.Range(0, Math.Clamp(count / 500, 5, 2000)).Select(i => $"NL{800000000 + i * 7919 % 100000000:D9}").ToArray();
        _vessels = Enumerable.Range(0, 300).Select(i => Imo(9100000 + i * 1237)).ToArray();
        var ports = ReferenceData.Instance.Ports.All;
        // Landlocked origins (CH) have no sea port of their own: their port of loading is left out.
        _portsByCountry = Origins.ToDictionary(o => o.Country, o => ports.Where(p => p.Country == o.Country).Select(p => p.Locode).Take(4).ToArray());

        var importerCount = Math.Clamp(count / 50, 20, 50000);
        _importers = new Importer[importerCount];
        _importerCumulative = new double[importerCount];
        var total = 0.0;
        for (var i = 0; i < importerCount; i++)
        {
            var roll = _random.NextDouble();
            var profile = roll < Profiles[0].Share ? Profiles[0] : roll < Profiles[0].Share + Profiles[1].Share ? Profiles[1] : Profiles[2];
            var products = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => WeightedIndex(Products.Select(p => p.Weight).ToArray())).Distinct().ToArray();
            var origins = Enumerable.Range(0, 1 + _random.Next(3)).Select(_ => Origins[WeightedIndex(Origins.Select(o => o.Weight).ToArray())].Country).Distinct().ToArray();
            // Activity follows a heavy tail: a few importers lodge a large share of declarations.
            var activity = 1.0 / Math.Pow(i + 1, 0.8);
            _importers[i] = new Importer(i, $"NL{100000000 + i * 104729 % 800000000:D9}", CompanyName(i), Address(i), profile.FraudRate, products, origins, _random.Next(_brokers.Length), activity);
            total += activity;
            _importerCumulative[i] = total;
        }
    }

    /// <summary>One generated declaration with its outcome; <see cref="ResearchCodes"/> holds the anonymised codes for the research layout.</summary>
    public sealed record Generated(DeclarationInput Declaration, string FraudKind, (string Importer, string Declarant, string Office, string Country) ResearchCodes);

    /// <summary>The declarations in lodgement order; with amendments, about 2 % come again later with a correction.</summary>
    public IEnumerable<Generated> Generate()
    {
        var dates = Dates();
        var pending = new List<(int Due, Generated Original)>();
        for (var n = 0; n < dates.Length; n++)
        {
            var generated = One(n, dates[n]);
            yield return generated;
            if (_amendments && _random.NextDouble() < 0.02)
            {
                pending.Add((n + 1 + _random.Next(200), generated));
            }
            for (var p = pending.Count - 1; p >= 0; p--)
            {
                if (pending[p].Due <= n)
                {
                    yield return Amend(pending[p].Original);
                    pending.RemoveAt(p);
                }
            }
        }
        foreach (var (_, original) in pending)
        {
            yield return Amend(original);
        }
    }

    private DateOnly[] Dates()
    {
        var days = To.DayNumber - From.DayNumber + 1;
        var weights = new double[days];
        for (var d = 0; d < days; d++)
        {
            var date = From.AddDays(d);
            var trend = 1 + 0.05 * d / 365.0;
            weights[d] = MonthWeights[date.Month - 1] * WeekdayWeights[(int)date.DayOfWeek] * trend;
        }
        var cumulative = new double[days];
        var sum = 0.0;
        for (var d = 0; d < days; d++)
        {
            sum += weights[d];
            cumulative[d] = sum;
        }
        var result = new DateOnly[_count];
        for (var i = 0; i < _count; i++)
        {
            var x = _random.NextDouble() * sum;
            var d = Array.BinarySearch(cumulative, x);
            result[i] = From.AddDays(d < 0 ? ~d : d);
        }
        Array.Sort(result);
        return result;
    }

    private Generated One(int n, DateOnly date)
    {
        var x = _random.NextDouble() * _importerCumulative[^1];
        var ii = Array.BinarySearch(_importerCumulative, x);
        var importer = _importers[Math.Min(ii < 0 ? ~ii : ii, _importers.Length - 1)];
        var office = Offices[WeightedIndex(Offices.Select(o => o.Weight).ToArray())];
        var origin = importer.Origins[_random.Next(importer.Origins.Length)];
        var mode = office.Mode;
        var itemCount = _random.NextDouble() switch { < 0.50 => 1, < 0.72 => 2, < 0.84 => 3, < 0.91 => 4, _ => 5 + _random.Next(4) };
        var freight = mode == TransportMode.Air ? 0.12m : mode == TransportMode.Road ? 0.04m : 0.07m;
        var fraud = _random.NextDouble() < importer.FraudRate;
        var fraudKind = "none";
        decimal revenue = 0;
        var declaredOrigin = origin;
        var items = new List<ItemInput>();
        for (var i = 0; i < itemCount; i++)
        {
            var product = Products[importer.Products[_random.Next(importer.Products.Length)]];
            var quantity = Math.Max(1, Math.Round((decimal)(product.MedianQuantity * Math.Exp(Normal() * 0.8)), product.Unit == "kg" || product.Unit == "l" ? 1 : 0));
            var unitPrice = product.UnitPrice * (decimal)Math.Exp(Normal() * 0.15);
            if (_noise.NextDouble() < OddButHonest)
            {
                // Clearance stock, seconds, related-party prices: an honest declaration that looks undervalued.
                unitPrice *= 0.35m + (decimal)_noise.NextDouble() * 0.4m;
            }
            var fob = Math.Round(quantity * unitPrice, 2);
            var cif = Math.Round(fob * (1 + freight + 0.005m), 2);
            var surcharge = origin == "CN" ? product.ChinaSurcharge : 0;
            var rate = product.DutyRate + surcharge;
            var hs = product.Hs6;
            var declaredFob = fob;
            var declaredCif = cif;
            var declaredRate = rate;
            if (fraud && i == 0)
            {
                // Pick a scheme this product and origin allow; undervaluation is always possible.
                var schemes = new List<string> { "undervaluation" };
                if (product.CheaperNeighbour is not null)
                {
                    schemes.Add("misclassification");
                }
                if (surcharge > 0)
                {
                    schemes.Add("origin");
                }
                fraudKind = schemes[_random.Next(schemes.Count)];
                if (_noise.NextDouble() < Concealed)
                {
                    // Goods hidden in the load: the declaration itself is clean, only the inspection finds it.
                    fraudKind = "concealment";
                }
                switch (fraudKind)
                {
                    case "concealment":
                        var hidden = 0.1m + (decimal)_noise.NextDouble() * 0.3m;
                        cif += Math.Round(cif * hidden, 2);
                        break;
                    case "undervaluation":
                        var share = 0.25m + (decimal)_random.NextDouble() * 0.35m;
                        if (_noise.NextDouble() < 0.5)
                        {
                            // A modest cut hides inside the ordinary spread of prices.
                            share = 0.6m + (decimal)_noise.NextDouble() * 0.3m;
                        }
                        declaredFob = Math.Round(fob * share, 2);
                        declaredCif = Math.Round(cif * share, 2);
                        break;
                    case "misclassification":
                        hs = product.CheaperNeighbour!;
                        declaredRate = product.NeighbourDutyRate + surcharge;
                        break;
                    default:
                        declaredOrigin = TransshipmentOrigins[_random.Next(TransshipmentOrigins.Length)];
                        declaredRate = product.DutyRate;
                        break;
                }
                var dueDuty = cif * rate;
                var declaredDuty = declaredCif * declaredRate;
                revenue += Math.Round(dueDuty - declaredDuty + ((cif + dueDuty) - (declaredCif + declaredDuty)) * VatRate, 2);
            }
            var duties = Math.Round(declaredCif * declaredRate, 2);
            var net = Math.Round(quantity * product.KgPerUnit, 3);
            items.Add(new ItemInput
            {
                HsCode = hs + (_random.Next(3) == 0 ? "00" : "0000"),
                Description = product.Description,
                Quantity = quantity,
                Unit = product.Unit,
                GrossKg = Math.Round(net * (1.05m + (decimal)_random.NextDouble() * 0.2m), 3),
                NetKg = net,
                Fob = declaredFob,
                Cif = declaredCif,
                Duties = duties,
                Taxes = Math.Round((declaredCif + duties) * VatRate, 2),
            });
        }
        var loading = _portsByCountry[declaredOrigin];
        var declaration = new DeclarationInput
        {
            Kind = "import",
            Office = office.Code,
            Declarant = _brokers[importer.Broker],
            Number = $"{date:yy}NL{Array.IndexOf(Offices.ToArray(), office)}{n:D12}",
            LodgedOn = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TransportMode = DeclarationValidation.ModeName(mode),
            Conveyance = mode switch
            {
                TransportMode.Sea => _vessels[_random.Next(_vessels.Length)],
                TransportMode.Air => $"{(new[] { "KL", "CX", "EK", "QR", "LH", "CA" })[_random.Next(6)]}{100 + _random.Next(900)}",
                _ => $"{(char)('A' + _random.Next(26))}{(char)('A' + _random.Next(26))}-{_random.Next(100, 999)}-{(char)('A' + _random.Next(26))}",
            },
            Importer = new PartyInput { Id = importer.Eori, Name = importer.Name, Address = importer.Address, Country = "NL" },
            Exporter = new PartyInput { Name = $"{ExporterNames[_random.Next(ExporterNames.Length)]} {declaredOrigin} Ltd", Country = declaredOrigin },
            OriginCountry = declaredOrigin,
            ExportCountry = declaredOrigin,
            DestinationCountry = "NL",
            PortOfLoading = mode == TransportMode.Sea && loading.Length > 0 ? loading[_random.Next(loading.Length)] : null,
            PortOfDischarge = mode == TransportMode.Sea ? office.Port : null,
            Currency = "EUR",
            TotalFob = items.Sum(i => i.Fob),
            TotalCif = items.Sum(i => i.Cif),
            Items = items,
            Outcome = new OutcomeInput { Illicit = fraudKind != "none", Revenue = revenue },
        };
        var numeric = ReferenceData.Instance.Countries.ByAlpha2(declaredOrigin)?.Numeric ?? "999";
        return new Generated(declaration, fraudKind,
            ($"IMP{100000 + importer.Index}", $"DEC{1000 + importer.Broker}", $"OFFICE{Array.IndexOf(Offices.ToArray(), office) + 1}", $"CNTRY{numeric}"));
    }

    /// <summary>A later correction of a declaration: the declarant fixes a quantity (and the values with it).</summary>
    private Generated Amend(Generated original)
    {
        var json = JsonSerializer.Serialize(original.Declaration, IntakeJson.Default.DeclarationInput);
        var copy = JsonSerializer.Deserialize(json, IntakeJson.Default.DeclarationInput)!;
        var item = copy.Items![_random.Next(copy.Items.Count)];
        var factor = 0.9m + (decimal)_random.NextDouble() * 0.08m;
        item.Quantity = Math.Max(1, Math.Round(item.Quantity!.Value * factor, 0));
        item.Fob = Math.Round(item.Fob!.Value * factor, 2);
        item.Cif = Math.Round(item.Cif!.Value * factor, 2);
        item.NetKg = Math.Round(item.NetKg!.Value * factor, 3);
        item.GrossKg = Math.Round(item.GrossKg!.Value * factor, 3);
        item.Duties = Math.Round(item.Duties!.Value * factor, 2);
        item.Taxes = Math.Round(item.Taxes!.Value * factor, 2);
        copy.TotalFob = copy.Items.Sum(i => i.Fob);
        copy.TotalCif = copy.Items.Sum(i => i.Cif);
        return original with { Declaration = copy };
    }

    /// <summary>Writes the declarations in a file format; returns how many declarations and how many with fraud.</summary>
    public (int Declarations, int Frauds) Write(TextWriter writer, FileFormat format)
    {
        var count = 0;
        var frauds = 0;
        var inv = CultureInfo.InvariantCulture;
        static string N(decimal? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";
        if (format == FileFormat.Csv)
        {
            writer.WriteLine(string.Join(',', DeclarationFiles.CsvColumns));
        }
        else if (format == FileFormat.ResearchCsv)
        {
            writer.WriteLine(string.Join(',', DeclarationFiles.ResearchColumns));
        }
        foreach (var g in Generate())
        {
            var d = g.Declaration;
            count++;
            if (g.FraudKind != "none")
            {
                frauds++;
            }
            switch (format)
            {
                case FileFormat.Jsonl:
                    writer.WriteLine(JsonSerializer.Serialize(d, IntakeJson.Default.DeclarationInput));
                    break;
                case FileFormat.ResearchCsv:
                    var date = DateOnly.ParseExact(d.LodgedOn!, "yyyy-MM-dd", inv).ToString("yy-MM-dd", inv);
                    for (var i = 0; i < d.Items!.Count; i++)
                    {
                        var it = d.Items[i];
                        // The outcome sits on the item that carried the fraud (the first).
                        var illicit = i == 0 && d.Outcome!.Illicit ? "1" : "0";
                        var revenue = i == 0 ? N(d.Outcome!.Revenue) : "0";
                        writer.WriteLine(string.Join(',', d.Number, date, g.ResearchCodes.Importer, g.ResearchCodes.Declarant, g.ResearchCodes.Country, g.ResearchCodes.Office,
                            it.HsCode, N(it.Quantity), N(it.GrossKg), N(it.Fob), N(it.Cif), N(it.Duties + it.Taxes), illicit, revenue));
                    }
                    break;
                default:
                    var head = new[]
                    {
                        d.Office, d.Declarant, d.Number, d.Kind, d.LodgedOn, d.TransportMode, d.Conveyance,
                        d.Importer?.Id, d.Importer?.Name, d.Importer?.Address, d.Importer?.Country,
                        d.Exporter?.Id, d.Exporter?.Name, d.Exporter?.Address, d.Exporter?.Country,
                        null, null, null, null,
                        d.OriginCountry, d.ExportCountry, d.DestinationCountry, d.PortOfLoading, d.PortOfDischarge, d.Currency,
                        N(d.TotalFob), N(d.TotalCif), null,
                    }.Select(CsvLine.Quote);
                    var headText = string.Join(',', head);
                    foreach (var it in d.Items!)
                    {
                        var first = ReferenceEquals(it, d.Items[0]);
                        writer.Write(headText);
                        writer.Write(',');
                        writer.WriteLine(string.Join(',', new[]
                        {
                            it.HsCode, CsvLine.Quote(it.Description), N(it.Quantity), it.Unit, N(it.GrossKg), N(it.NetKg), N(it.Fob), N(it.Cif), N(it.Duties), N(it.Taxes),
                            first ? (d.Outcome!.Illicit ? "1" : "0") : "", first ? N(d.Outcome!.Revenue) : "",
                        }));
                    }
                    break;
            }
        }
        return (count, frauds);
    }

    // --- helpers ---------------------------------------------------------------------------------

    private int WeightedIndex(double[] weights)
    {
        var x = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            x -= weights[i];
            if (x < 0)
            {
                return i;
            }
        }
        return weights.Length - 1;
    }

    private double Normal()
    {
        // Box–Muller.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static string Imo(int sixDigitsTimesTen)
    {
        var s = (sixDigitsTimesTen / 10).ToString("D6", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var i = 0; i < 6; i++)
        {
            sum += (s[i] - '0') * (7 - i);
        }
        return $"IMO{s}{sum % 10}";
    }

    private static readonly string[] NameParts = ["Holland", "Delta", "Rijn", "Maas", "Noord", "Zuid", "Oranje", "Polder", "Tulp", "Molen", "Haven", "Kust", "Lage Landen", "Vecht", "Schelde", "Amstel"];
    private static readonly string[] NameKinds = ["Trading", "Import", "Logistics", "Distribution", "Wholesale", "Goods", "Supply", "Retail"];
    private static readonly string[] Streets = ["Havenstraat", "Industrieweg", "Stationsplein", "Kanaaldijk", "Marconiweg", "Europalaan", "Handelskade", "Transportweg"];
    private static readonly string[] Cities = ["Rotterdam", "Amsterdam", "Utrecht", "Eindhoven", "Tilburg", "Venlo", "Breda", "Zwolle", "Almere", "Nijmegen"];
    private static readonly string[] ExporterNames = ["Golden Dragon", "Pacific Star", "Sunrise", "Evergreen", "Silver Bay", "Blue Ocean", "Harmony", "Summit", "Lotus", "Atlas"];

    private static string CompanyName(int i) => $"{NameParts[i % NameParts.Length]} {NameKinds[i / NameParts.Length % NameKinds.Length]} {(i / (NameParts.Length * NameKinds.Length)) + 1} B.V.";

    private static string Address(int i) => $"{Streets[i % Streets.Length]} {1 + i * 7 % 250}, {Cities[i / Streets.Length % Cities.Length]}";
}
