using Cordon.Declarations;

namespace Cordon.Risk.Features;

/// <summary>The outcome of a past inspection as risk targeting sees it: the training label.</summary>
public readonly record struct KnownOutcome(bool Illicit, double Revenue);

/// <summary>Maps the stored declaration model to what risk targeting evaluates (<see cref="DeclarationFacts"/>).</summary>
public static class DeclarationMapper
{
    /// <summary>
    /// The declaration's facts, without computed features (the <see cref="FeatureHistory"/> fills those).
    /// <paramref name="authorisedOperators"/>: trader codes holding AEO status; <paramref name="screening"/>:
    /// the parties' watch-list results when screening has run (null: unknown).
    /// </summary>
    public static DeclarationFacts ToFacts(Declaration d, IReadOnlyCollection<string>? authorisedOperators = null, ScreeningSignals? screening = null)
    {
        bool Aeo(string? code) => code is not null && authorisedOperators is not null && authorisedOperators.Contains(code);
        var declarant = new PartyFacts { Role = "declarant", Id = d.Declarant, Aeo = Aeo(d.Declarant) };
        var importer = d.ImporterCode is null && d.ImporterName is null ? null
            : new PartyFacts { Role = "importer", Id = d.ImporterCode ?? "", Name = d.ImporterName ?? "", Country = d.ImporterCountry ?? "", Aeo = Aeo(d.ImporterCode) };
        var exporter = d.ExporterCode is null && d.ExporterName is null ? null
            : new PartyFacts { Role = "exporter", Id = d.ExporterCode ?? "", Name = d.ExporterName ?? "", Country = d.ExporterCountry ?? "", Aeo = Aeo(d.ExporterCode) };
        var consignee = d.ConsigneeCode is null && d.ConsigneeName is null ? null
            : new PartyFacts { Role = "consignee", Id = d.ConsigneeCode ?? "", Name = d.ConsigneeName ?? "", Country = d.ConsigneeCountry ?? "", Aeo = Aeo(d.ConsigneeCode) };
        var parties = new List<PartyFacts>(4) { declarant };
        if (importer is not null) parties.Add(importer);
        if (exporter is not null) parties.Add(exporter);
        if (consignee is not null) parties.Add(consignee);

        var origin = d.OriginCountry ?? "";
        var items = new ItemFacts[d.Items.Count];
        var gross = 0.0;
        var anyGross = false;
        var lines = d.Items.Count > 1 ? d.Items.OrderBy(i => i.Line).ToList() : d.Items;
        for (var n = 0; n < lines.Count; n++)
        {
            var i = lines[n];
            if (i.GrossKg is { } g)
            {
                gross += (double)g;
                anyGross = true;
            }
            items[n] = new ItemFacts
            {
                Number = i.Line,
                HsCode = i.HsCode,
                Description = i.Description ?? "",
                Origin = origin,
                Quantity = Num(i.Quantity),
                Unit = i.Unit ?? "",
                GrossWeight = Num(i.GrossKg),
                NetWeight = Num(i.NetKg),
                Fob = Num(i.Fob),
                Cif = Num(i.Cif),
                Currency = d.Currency ?? "",
                Duties = i.Duties is null && i.Taxes is null ? double.NaN : (double)((i.Duties ?? 0) + (i.Taxes ?? 0)),
            };
        }
        var facts = new DeclarationFacts
        {
            Office = d.Office,
            Number = d.Number,
            Flow = d.Kind.ToString().ToLowerInvariant(),
            Declarant = declarant,
            Importer = importer,
            Exporter = exporter,
            Parties = parties,
            Origin = origin,
            ExportCountry = d.ExportCountry ?? "",
            Destination = d.DestinationCountry ?? "",
            TransportMode = Mode(d.TransportMode),
            PortOfLoading = d.PortOfLoading ?? "",
            PortOfEntry = d.PortOfDischarge ?? "",
            LodgementDate = d.LodgedOn,
            Currency = d.Currency ?? "",
            TotalFob = Num(d.TotalFob),
            TotalCif = d.TotalCif is { } cif ? (double)cif : items.Where(i => !double.IsNaN(i.Cif)).Sum(i => i.Cif),
            TotalDuties = (double)d.TotalDutiesAndTaxes,
            GrossWeight = anyGross ? gross : double.NaN,
            Items = items,
            Screening = screening ?? new ScreeningSignals(),
        };
        return facts;
    }

    public static KnownOutcome? Outcome(InspectionOutcome? o) => o is null ? null : new KnownOutcome(o.Illicit, (double)o.Revenue);

    private static double Num(decimal? value) => value is { } v ? (double)v : double.NaN;

    private static string Mode(Declarations.TransportMode? mode) => mode switch
    {
        null => "",
        Declarations.TransportMode.FixedInstallation => "fixed",
        Declarations.TransportMode.InlandWaterway => "inland-waterway",
        { } m => m.ToString().ToLowerInvariant(),
    };
}
