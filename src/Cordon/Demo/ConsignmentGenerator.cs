using System.Globalization;
using Cordon.Declarations;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Demo;

/// <summary>
/// Synthetic pre-arrival consignments (ICS2-style entry summary lines) arriving at the demo offices in
/// the coming days: sea containers with valid ISO 6346 numbers, air waybills, road trailers. Deterministic
/// for a seed; illustrative, not any carrier's data.
/// </summary>
public sealed class ConsignmentGenerator(int count, int seed, DateTimeOffset from)
{
    /// <summary>Container owner prefixes of ocean carriers, with the filer identifier each files under.</summary>
    private static readonly (string Prefix, string Filer)[] Lines =
    [
        ("MAEU", "DK53139655"), ("MSCU", "CH11234567"), ("CMAU", "FR30334523"), ("HLXU", "DE11806943"), ("COSU", "CN91310000"), ("ONEU", "SG20170001"),
    ];

    private static readonly string[][] SeaRoutes = [["CN", "SG", "EG", "NL"], ["CN", "LK", "NL"], ["VN", "SG", "NL"], ["IN", "AE", "NL"], ["US", "NL"], ["BR", "ES", "NL"], ["TR", "GR", "NL"]];
    private static readonly string[] Vessels = ["IMO9778791", "IMO9811000", "IMO9321483", "IMO9074729", "IMO9622631"];

    /// <summary>A port of loading per country of despatch (UN/LOCODE), by sea and by air; road trailers name none.</summary>
    private static readonly Dictionary<string, (string Sea, string Air)> Ports = new(StringComparer.Ordinal)
    {
        ["CN"] = ("CNSHA", "CNPVG"), ["VN"] = ("VNSGN", "VNSGN"), ["IN"] = ("INNSA", "INBOM"), ["US"] = ("USNYC", "USJFK"), ["BR"] = ("BRSSZ", "BRGRU"),
        ["TR"] = ("TRMER", "TRIST"),
    };

    public IEnumerable<ConsignmentInput> Generate()
    {
        var random = new Random(seed);
        // Ports, seals and notify parties from a generator of their own, so the rest of the demo stays as it was.
        var details = new Random(seed + 1);
        var products = DeclarationGenerator.Products;
        for (var i = 0; i < count; i++)
        {
            var product = products[random.Next(products.Count)];
            var office = DeclarationGenerator.Offices[random.Next(DeclarationGenerator.Offices.Count)];
            var arrival = from.AddHours(random.Next(6, 24 * 14));
            var (prefix, filer) = Lines[random.Next(Lines.Length)];
            var route = office.Mode switch
            {
                TransportMode.Sea => SeaRoutes[random.Next(SeaRoutes.Length)].ToList(),
                TransportMode.Air => new List<string> { random.Next(2) == 0 ? "CN" : "US", "NL" },
                _ => new List<string> { random.Next(2) == 0 ? "PL" : "DE", "NL" },
            };
            var containers = office.Mode == TransportMode.Sea
                ? Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Container(prefix, random)).ToList()
                : null;
            var packages = office.Mode == TransportMode.Air ? random.Next(1, 40) : random.Next(20, 1200);
            yield return new ConsignmentInput
            {
                Office = office.Code,
                Filer = office.Mode == TransportMode.Sea ? filer : "NL8" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
                Reference = office.Mode switch
                {
                    TransportMode.Sea => $"{prefix}{random.Next(100_000_000, 999_999_999)}",
                    TransportMode.Air => $"{random.Next(100, 999)}-{random.Next(10_000_000, 99_999_999)}",
                    _ => $"CMR{random.Next(1_000_000, 9_999_999)}",
                },
                Consignor = new PartyInput { Name = $"{Trader(random)} {(route[0] == "CN" ? "Co., Ltd." : "Ltd")}", Address = $"{random.Next(1, 400)} Export Road", Country = route[0] },
                Consignee = new PartyInput { Name = $"{Trader(random)} B.V.", Address = $"Havenweg {random.Next(1, 200)}, Rotterdam", Country = "NL" },
                GoodsDescription = product.Description,
                HsCode = product.Hs6,
                GrossKg = Math.Round((decimal)(500 + random.NextDouble() * 24_000), 1),
                Packages = packages,
                Containers = containers,
                TransportMode = office.Mode switch { TransportMode.Sea => "sea", TransportMode.Air => "air", _ => "road" },
                Conveyance = office.Mode switch
                {
                    TransportMode.Sea => Vessels[random.Next(Vessels.Length)],
                    TransportMode.Air => $"KL{random.Next(100, 999)}",
                    _ => $"{random.Next(10, 99)}-BXZ-{random.Next(1, 9)}",
                },
                Route = route,
                ExpectedArrival = arrival.ToString("yyyy-MM-dd'T'HH:00:00'Z'", CultureInfo.InvariantCulture),
                PortOfLoading = office.Mode == TransportMode.Road ? null
                    : Ports.TryGetValue(route[0], out var port) ? office.Mode == TransportMode.Sea ? port.Sea : port.Air : null,
                PortOfDischarge = office.Mode switch { TransportMode.Sea => "NLRTM", TransportMode.Air => "NLAMS", _ => null },
                Seals = containers?.Select(c => new SealInput { Container = c, Number = $"SL{details.Next(1_000_000, 9_999_999)}" }).ToList(),
                NotifyParty = details.Next(2) == 0 ? null : new PartyInput { Name = Trader(details).Replace(" Trading", " Logistics B.V.", StringComparison.Ordinal), Address = "Waalhaven Z.z. 12, Rotterdam", Country = "NL" },
            };
        }
    }

    /// <summary>The demo's consignments for NCA, through the normal intake; nothing when some exist already.</summary>
    public static async Task<int> SeedAsync(Storage.StorageSetup.StoreSettings store, TimeProvider clock, int count = 400, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        Guid customs;
        await using (var db = Storage.StorageSetup.Open(store, clock))
        {
            if (await db.Consignments.AnyAsync(ct))
            {
                return 0;
            }
            customs = await db.Agencies.Where(a => a.Code == "NCA").Select(a => a.Id).FirstAsync(ct);
        }
        var context = new IntakeContext(customs, "demo", "demo generator", now);
        var index = 0;
        var candidates = new ConsignmentGenerator(count, 2026, now).Generate()
            .Select(c => new Candidate<ConsignmentInput> { Index = index++, Position = $"demo {index}", Raw = c.Reference ?? "", Number = c.Reference, Input = c })
            .ToList();
        var results = await Intake.SubmitConsignmentsAsync(store, context, candidates, ct);
        return results.Count(r => r.Outcome == IntakeOutcome.Accepted);
    }

    /// <summary>An ISO 6346 container number of the carrier's prefix, with its check digit.</summary>
    private static string Container(string prefix, Random random)
    {
        var first10 = prefix + random.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        return first10 + CheckDigits.ContainerCheckDigit(first10).ToString(CultureInfo.InvariantCulture);
    }

    private static readonly string[] Syllables = ["Ning", "Sun", "Hai", "Zen", "Nord", "Star", "Delta", "Ever", "Blue", "Orient", "Pacific", "Atlas", "Kes", "Van", "Mer"];

    private static string Trader(Random random) => Syllables[random.Next(Syllables.Length)] + Syllables[random.Next(Syllables.Length)].ToLowerInvariant() + " Trading";
}
