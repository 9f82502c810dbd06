using Cordon.Risk;

namespace Cordon.Tests.Risk;

/// <summary>Example declarations for risk tests.</summary>
internal static class Declarations
{
    public static ItemFacts Car(int number = 1, double unitValue = 9_000, string origin = "CN", string hs = "8703231900") => new()
    {
        Number = number,
        HsCode = hs,
        Description = "Passenger motor car, petrol, 1500-3000 cc",
        Origin = origin,
        Quantity = 2,
        Unit = "u",
        GrossWeight = 3_100,
        NetWeight = 2_900,
        Fob = unitValue * 2 - 800,
        Cif = unitValue * 2,
        Currency = "USD",
        Duties = unitValue * 2 * 0.1,
    };

    public static ItemFacts Shoes(int number = 2) => new()
    {
        Number = number,
        HsCode = "64039900",
        Description = "Leather shoes",
        Origin = "VN",
        Quantity = 500,
        Unit = "pa",
        GrossWeight = 410,
        NetWeight = 380,
        Cif = 6_000,
        Duties = 600,
    };

    public static DeclarationFacts CarImport(params ItemFacts[] items)
    {
        if (items.Length == 0)
        {
            items = [Car()];
        }
        var importer = new PartyFacts { Role = "importer", Id = "NL123456789", Name = "Autohandel Rotterdam BV", Country = "NL" };
        var declarant = new PartyFacts { Role = "declarant", Id = "NL987654321", Name = "Port Brokers BV", Country = "NL", Aeo = true };
        var exporter = new PartyFacts { Role = "exporter", Id = "CN-91310000", Name = "Shanghai Motor Export Co", Country = "CN" };
        var features = new DeclarationFeatures();
        features.Set("trader_hit_rate", 0.25);
        features.Set("new_trader", true);
        var screening = new ScreeningSignals();
        screening.Set("block_hits", 0);
        return new DeclarationFacts
        {
            Office = "NLRTM01",
            Number = "26NL0001234",
            Flow = "import",
            Procedure = "4000",
            Declarant = declarant,
            Importer = importer,
            Exporter = exporter,
            Parties = [importer, declarant, exporter],
            Origin = "CN",
            ExportCountry = "CN",
            Destination = "NL",
            TransportMode = "sea",
            PortOfLoading = "CNSHA",
            PortOfEntry = "NLRTM",
            LodgementDate = new DateOnly(2026, 3, 14),
            Currency = "USD",
            TotalCif = items.Sum(i => i.Cif),
            TotalDuties = items.Sum(i => i.Duties),
            GrossWeight = items.Sum(i => i.GrossWeight),
            Items = items,
            Features = features,
            Screening = screening,
        };
    }

    /// <summary>Car unit values seen before: 10,000 … 20,000 for 870323 from CN (p10 = 11,000, median 15,000), one at 30,000 from DE.</summary>
    public static InMemoryRiskStatistics CarHistory() => InMemoryRiskStatistics.From(
        Enumerable.Range(0, 11).Select(i => new InMemoryRiskStatistics.Observation("870323", "CN", 10_000 + i * 1_000))
            .Append(new InMemoryRiskStatistics.Observation("870323", "DE", 30_000)));
}
