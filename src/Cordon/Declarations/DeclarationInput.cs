using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cordon.Declarations;

/// <summary>A trader, carrier or other party as declared.</summary>
public sealed class PartyInput
{
    /// <summary>EORI, tax number or other identifier (or an anonymised research code such as IMP826164).</summary>
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Address { get; set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; set; }
}

public sealed class ItemInput
{
    public string? HsCode { get; set; }
    public string? Description { get; set; }
    public decimal? Quantity { get; set; }
    /// <summary>Unit of quantity: kg, u (units), l, m2, m3, pr (pairs)…</summary>
    public string? Unit { get; set; }
    public decimal? GrossKg { get; set; }
    public decimal? NetKg { get; set; }
    public decimal? Fob { get; set; }
    public decimal? Cif { get; set; }
    public decimal? Duties { get; set; }
    public decimal? Taxes { get; set; }
}

/// <summary>A past inspection's outcome, sent with historical data (never part of the declaration's content).</summary>
public sealed class OutcomeInput
{
    public bool Illicit { get; set; }
    public decimal? Revenue { get; set; }
}

/// <summary>
/// A declaration as a client sends it (JSON body, JSON Lines, or a CSV row group). Everything is
/// optional in the type so that validation, not the deserialiser, explains what is missing.
/// </summary>
public sealed class DeclarationInput
{
    /// <summary>"full" (default) or "research": the public customs-fraud research layout, which carries only some fields.</summary>
    public string? Layout { get; set; }
    /// <summary>import, export or transit.</summary>
    public string? Kind { get; set; }
    public string? Number { get; set; }
    public string? Declarant { get; set; }
    public string? Office { get; set; }
    /// <summary>yyyy-MM-dd.</summary>
    public string? LodgedOn { get; set; }
    /// <summary>sea, rail, road, air, post, fixed-installation, inland-waterway.</summary>
    public string? TransportMode { get; set; }
    public string? Conveyance { get; set; }
    public PartyInput? Importer { get; set; }
    public PartyInput? Exporter { get; set; }
    public PartyInput? Consignee { get; set; }
    public string? OriginCountry { get; set; }
    public string? ExportCountry { get; set; }
    public string? DestinationCountry { get; set; }
    public string? PortOfLoading { get; set; }
    public string? PortOfDischarge { get; set; }
    public string? Currency { get; set; }
    public decimal? TotalFob { get; set; }
    public decimal? TotalCif { get; set; }
    /// <summary>TLP marking: clear, green, amber (default), amber-strict, red.</summary>
    public string? Marking { get; set; }
    public List<ItemInput>? Items { get; set; }
    public OutcomeInput? Outcome { get; set; }
}

/// <summary>A pre-arrival consignment (manifest line) as sent.</summary>
/// <summary>A seal number on one of a consignment's containers.</summary>
public sealed class SealInput
{
    public string? Container { get; set; }
    public string? Number { get; set; }
}

public sealed class ConsignmentInput
{
    public string? Office { get; set; }
    public string? Filer { get; set; }
    public string? Reference { get; set; }
    public PartyInput? Consignor { get; set; }
    public PartyInput? Consignee { get; set; }
    /// <summary>Who is told of the arrival; optional.</summary>
    public PartyInput? NotifyParty { get; set; }
    public string? GoodsDescription { get; set; }
    public string? HsCode { get; set; }
    public decimal? GrossKg { get; set; }
    public int? Packages { get; set; }
    public List<string>? Containers { get; set; }
    /// <summary>Seals on the containers, each naming one of <see cref="Containers"/>.</summary>
    public List<SealInput>? Seals { get; set; }
    /// <summary>UN/LOCODE, e.g. CNSHA.</summary>
    public string? PortOfLoading { get; set; }
    /// <summary>UN/LOCODE, e.g. NLRTM.</summary>
    public string? PortOfDischarge { get; set; }
    public string? TransportMode { get; set; }
    public string? Conveyance { get; set; }
    /// <summary>Countries of routing in order, ISO alpha-2.</summary>
    public List<string>? Route { get; set; }
    /// <summary>ISO 8601 instant, e.g. 2026-03-01T14:00:00Z.</summary>
    public string? ExpectedArrival { get; set; }
    public string? Marking { get; set; }
}

/// <summary>
/// Source-generated JSON for intake: canonical content (hashing, version history) and input parsing.
/// Canonical JSON leaves out nulls, so adding an empty optional field is not an amendment.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = false)]
[JsonSerializable(typeof(DeclarationInput))]
[JsonSerializable(typeof(ConsignmentInput))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
internal sealed partial class IntakeJson : JsonSerializerContext;
