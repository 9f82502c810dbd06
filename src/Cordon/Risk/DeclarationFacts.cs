using System.Text.Json.Serialization;

namespace Cordon.Risk;

/// <summary>
/// What risk targeting sees of one declaration: plain values, no EF entities, so the engine stays
/// independent of how declarations are stored. A mapper from the declaration model fills it; the
/// API accepts it as JSON. Missing numbers are NaN (every comparison with NaN is false, so an unknown
/// value never fires a criterion); missing text is the empty string.
/// </summary>
public sealed class DeclarationFacts
{
    /// <summary>Customs office of lodgement (code).</summary>
    public string Office { get; init; } = "";
    /// <summary>Declaration number as given by the declarant.</summary>
    public string Number { get; init; } = "";
    /// <summary>Flow: "import", "export" or "transit".</summary>
    public string Flow { get; init; } = "";
    /// <summary>Customs procedure code, e.g. "4000".</summary>
    public string Procedure { get; init; } = "";
    public PartyFacts? Declarant { get; init; }
    public PartyFacts? Importer { get; init; }
    public PartyFacts? Exporter { get; init; }
    /// <summary>Every party named on the declaration, including declarant, importer and exporter.</summary>
    public IReadOnlyList<PartyFacts> Parties { get; init; } = [];
    /// <summary>Country of origin (ISO 3166-1 alpha-2) stated at header level.</summary>
    public string Origin { get; init; } = "";
    /// <summary>Country of export / dispatch.</summary>
    public string ExportCountry { get; init; } = "";
    /// <summary>Country of destination.</summary>
    public string Destination { get; init; } = "";
    /// <summary>Mode of transport at the border: sea, air, road, rail, post, pipeline, inland-waterway, fixed.</summary>
    public string TransportMode { get; init; } = "";
    /// <summary>UN/LOCODE of the port of loading.</summary>
    public string PortOfLoading { get; init; } = "";
    /// <summary>UN/LOCODE of the port or place of entry.</summary>
    public string PortOfEntry { get; init; } = "";
    public DateOnly? LodgementDate { get; init; }
    /// <summary>Invoice currency (ISO 4217). Amounts below are in the administration's currency.</summary>
    public string Currency { get; init; } = "";
    public double TotalFob { get; init; } = double.NaN;
    public double TotalCif { get; init; } = double.NaN;
    public double TotalDuties { get; init; } = double.NaN;
    public double GrossWeight { get; init; } = double.NaN;
    public IReadOnlyList<ItemFacts> Items { get; init; } = [];
    /// <summary>Computed features of the declaration (trader history, route risk, …).</summary>
    public DeclarationFeatures Features { get; init; } = new();
    /// <summary>Watch-list screening results of the declaration's parties.</summary>
    public ScreeningSignals Screening { get; init; } = new();
}

/// <summary>One goods item of a declaration.</summary>
public sealed class ItemFacts
{
    private readonly string _hsCode = "";

    /// <summary>Item number on the declaration, from 1.</summary>
    public int Number { get; init; }

    /// <summary>The full commodity code as declared (national, 8–10 digits, or HS6).</summary>
    public string HsCode
    {
        get => _hsCode;
        init
        {
            // Sub-headings are cut once here, not at every evaluation.
            _hsCode = value ?? "";
            Hs6 = Cut(_hsCode, 6);
            Hs4 = Cut(_hsCode, 4);
            Hs2 = Cut(_hsCode, 2);
        }
    }

    [JsonIgnore] public string Hs6 { get; private init; } = "";
    [JsonIgnore] public string Hs4 { get; private init; } = "";
    [JsonIgnore] public string Hs2 { get; private init; } = "";
    public string Description { get; init; } = "";
    /// <summary>Country of origin of this item; the header origin when not stated per item.</summary>
    public string Origin { get; init; } = "";
    /// <summary>Quantity in the supplementary unit.</summary>
    public double Quantity { get; init; } = double.NaN;
    /// <summary>Supplementary unit, e.g. "u" (pieces), "kg", "l".</summary>
    public string Unit { get; init; } = "";
    public double GrossWeight { get; init; } = double.NaN;
    public double NetWeight { get; init; } = double.NaN;
    public double Fob { get; init; } = double.NaN;
    public double Cif { get; init; } = double.NaN;
    public string Currency { get; init; } = "";
    /// <summary>Duties and taxes assessed on the item.</summary>
    public double Duties { get; init; } = double.NaN;

    private readonly double _unitValue = double.NaN;

    /// <summary>Customs value per supplementary unit; computed as CIF / quantity when not given.</summary>
    public double UnitValue
    {
        get => double.IsNaN(_unitValue) && Quantity > 0 ? Cif / Quantity : _unitValue;
        init => _unitValue = value;
    }

    /// <summary>Computed features of the item (unit value against history, ratios, …).</summary>
    public ItemFeatures Features { get; init; } = new();

    private static string Cut(string code, int digits)
    {
        var n = 0;
        Span<char> buffer = stackalloc char[digits];
        foreach (var c in code)
        {
            if (char.IsAsciiDigit(c))
            {
                buffer[n++] = c;
                if (n == digits)
                {
                    return new string(buffer);
                }
            }
            else if (c is not ('.' or ' '))
            {
                break;
            }
        }
        return "";
    }
}

/// <summary>A party named on a declaration.</summary>
public sealed class PartyFacts
{
    /// <summary>importer, exporter, declarant, consignee, consignor, carrier, notify.</summary>
    public string Role { get; init; } = "";
    /// <summary>Identifier: EORI, TIN or the national trader number.</summary>
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Country { get; init; } = "";
    /// <summary>Holds authorised economic operator status.</summary>
    public bool Aeo { get; init; }
}
