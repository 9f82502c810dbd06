using Cordon.Declarations;
using Cordon.Tests.Support;

namespace Cordon.Tests.Declarations;

/// <summary>Well-formed records to start from; each test breaks what it is about.</summary>
internal static class Samples
{
    public static readonly Guid Agency = Guid.Parse("0195a3c0-0000-7000-8000-000000000001");

    public static IntakeContext Context(string source = "test", string by = "tester") => new(Agency, by, source, TestClock.Now);

    public static DeclarationInput Declaration(string number = "24NL0000000000001", int items = 2) => new()
    {
        Kind = "import",
        Number = number,
        Declarant = "NL123456789",
        Office = "NL000396",
        LodgedOn = "2025-03-14",
        TransportMode = "sea",
        Conveyance = "IMO9074729",
        Importer = new PartyInput { Id = "NL987654321", Name = "Holland Trading B.V.", Address = "Havenstraat 1, Rotterdam", Country = "NL" },
        Exporter = new PartyInput { Id = "CN9113000071", Name = "Shenzhen Bright Electronics Co.", Address = "Nanshan, Shenzhen", Country = "CN" },
        OriginCountry = "CN",
        ExportCountry = "CN",
        DestinationCountry = "NL",
        PortOfLoading = "CNSZX",
        PortOfDischarge = "NLRTM",
        Currency = "EUR",
        TotalFob = 1000m * items,
        TotalCif = 1100m * items,
        Items = Enumerable.Range(1, items).Select(i => new ItemInput
        {
            HsCode = i % 2 == 1 ? "8517130000" : "847130",
            Description = i % 2 == 1 ? "Smartphones" : "Laptop computers",
            Quantity = 10 * i,
            Unit = "u",
            GrossKg = 25m,
            NetKg = 20m,
            Fob = 1000m,
            Cif = 1100m,
            Duties = 0m,
            Taxes = 231m,
        }).ToList(),
    };

    public static Candidate<DeclarationInput> Candidate(DeclarationInput input, int index = 0)
        => new() { Index = index, Position = $"record {index}", Input = input, Number = input.Number, Raw = System.Text.Json.JsonSerializer.Serialize(input) };

    public static ConsignmentInput Consignment(string reference = "MAEU123456789") => new()
    {
        Office = "NL000396",
        Filer = "DK12345678",
        Reference = reference,
        Consignor = new PartyInput { Name = "Ningbo Export Co.", Address = "Ningbo", Country = "CN" },
        Consignee = new PartyInput { Name = "Holland Trading B.V.", Address = "Rotterdam", Country = "NL" },
        GoodsDescription = "Plastic household articles",
        HsCode = "392490",
        GrossKg = 12500m,
        Packages = 840,
        Containers = ["CSQU3054383", "MSKU9070323"],
        TransportMode = "sea",
        Conveyance = "IMO9074729",
        Route = ["CN", "SG", "NL"],
        ExpectedArrival = TestClock.Now.UtcDateTime.Date.AddDays(12).ToString("yyyy-MM-dd'T'14:00:00'Z'"),
    };

    public static Candidate<ConsignmentInput> Candidate(ConsignmentInput input, int index = 0)
        => new() { Index = index, Position = $"record {index}", Input = input, Number = input.Reference, Raw = System.Text.Json.JsonSerializer.Serialize(input) };
}
