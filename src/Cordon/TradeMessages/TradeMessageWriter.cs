using System.Globalization;
using Cordon.Common;
using Cordon.Declarations;
using Cordon.Edifact;

namespace Cordon.TradeMessages;

/// <summary>
/// Writes stored records as the messages Cordon reads (for exchange with another administration, or for tests):
/// declarations as CUSDEC (D96B), pre-arrival consignments as CUSCAR (D95B), in Cordon's implementation profile
/// (decision 021), so that <see cref="CusdecReader"/> and <see cref="CuscarReader"/> give back the same records.
/// What the messages cannot carry is refused naming the record and field rather than cut: a name longer than C080
/// holds (5 × 35), an address longer than C059 holds (4 × 35), a unit of quantity without a UN/ECE Rec. 20 code.
/// The TLP marking is not written: the receiving administration marks what it receives.
/// </summary>
public static class TradeMessageWriter
{
    private static readonly Dictionary<TransportMode, string> Modes = new()
    {
        [TransportMode.Sea] = "1", [TransportMode.Rail] = "2", [TransportMode.Road] = "3", [TransportMode.Air] = "4", [TransportMode.Post] = "5",
        [TransportMode.FixedInstallation] = "7", [TransportMode.InlandWaterway] = "8",
    };

    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["kg"] = "KGM", ["u"] = "PCE", ["l"] = "LTR", ["m2"] = "MTK", ["m3"] = "MTQ", ["pr"] = "PR",
    };

    /// <summary>One interchange with a CUSDEC per declaration (<see cref="Declaration.Items"/> loaded).</summary>
    public static string Cusdec(IReadOnlyList<Declaration> declarations, string sender, string recipient, string reference, DateTimeOffset now, string syntax = "UNOC")
    {
        var w = new EdifactWriter(syntax);
        w.BeginInterchange(sender, recipient, now, reference);
        var n = 0;
        foreach (var d in declarations)
        {
            var record = $"declaration {d.Number}";
            var message = (++n).ToString(CultureInfo.InvariantCulture);
            w.BeginMessage(message, "CUSDEC", "D", "96B");
            w.Segment("BGM", [d.Kind switch
            {
                DeclarationKind.Import => "929",
                DeclarationKind.Export => "830",
                _ => throw ValidationFailed.Field("kind", $"{record}: a {d.Kind.ToString().ToLowerInvariant()} declaration has no CUSDEC document code in Cordon's profile (929 import, 830 export)."),
            }], [d.Number], ["9"]);
            w.Segment("DTM", ["137", d.LodgedOn.ToString("yyyyMMdd", CultureInfo.InvariantCulture), "102"]);
            Loc(w, "22", d.Office);
            Loc(w, "27", d.OriginCountry);
            Loc(w, "35", d.ExportCountry);
            Loc(w, "28", d.DestinationCountry);
            Loc(w, "9", d.PortOfLoading);
            Loc(w, "11", d.PortOfDischarge);
            w.Segment("NAD", ["DT"], [d.Declarant]);
            Party(w, record, "importer", "IM", d.ImporterCode, d.ImporterName, d.ImporterAddress, d.ImporterCountry);
            Party(w, record, "exporter", "EX", d.ExporterCode, d.ExporterName, d.ExporterAddress, d.ExporterCountry);
            Party(w, record, "consignee", "CN", d.ConsigneeCode, d.ConsigneeName, d.ConsigneeAddress, d.ConsigneeCountry);
            if (d.TransportMode is not null || d.Conveyance is not null)
            {
                w.Segment("TDT", ["20"], [], [d.TransportMode is { } m ? Modes[m] : null], [], [], [], [], [d.Conveyance]);
            }
            if (d.TotalFob is null && d.TotalCif is null && d.Currency is not null)
            {
                w.Segment("CUX", ["2", d.Currency]);
            }
            Amount(w, "39", d.TotalFob, d.Currency);
            Amount(w, "40", d.TotalCif, d.Currency);
            w.Segment("UNS", ["D"]);
            foreach (var (item, index) in d.Items.OrderBy(i => i.Line).Select((item, index) => (item, index)))
            {
                var path = $"items[{index}]";
                w.Segment("CST", [(index + 1).ToString(CultureInfo.InvariantCulture)], [item.HsCode]);
                Text(w, item.Description);
                if (item.Quantity is { } quantity)
                {
                    var unit = item.Unit is { } u && Units.TryGetValue(u, out var code) ? code
                        : throw ValidationFailed.Field($"{path}.unit", $"{record}: unit '{item.Unit}' has no UN/ECE Recommendation 20 code in Cordon's profile ({string.Join(", ", Units.Keys)}).");
                    w.Segment("MEA", ["AAR"], [], [unit, Number(quantity)]);
                }
                if (item.GrossKg is { } gross)
                {
                    w.Segment("MEA", ["WT"], ["G"], ["KGM", Number(gross)]);
                }
                if (item.NetKg is { } net)
                {
                    w.Segment("MEA", ["WT"], ["AAF"], ["KGM", Number(net)]);
                }
                Amount(w, "38", item.Fob, null);
                Amount(w, "40", item.Cif, null);
                if (item.Duties is { } duties)
                {
                    w.Segment("TAX", ["7"], ["CUD"]);
                    Amount(w, "124", duties, null);
                }
                if (item.Taxes is { } taxes)
                {
                    w.Segment("TAX", ["7"], ["VAT"]);
                    Amount(w, "124", taxes, null);
                }
            }
            w.Segment("UNS", ["S"]);
            w.Segment("CNT", ["5", d.Items.Count.ToString(CultureInfo.InvariantCulture)]);
            w.EndMessage(message);
        }
        w.EndInterchange();
        return w.ToString();
    }

    /// <summary>
    /// One interchange with a CUSCAR per voyage or flight (consignments sharing office, filer, transport and expected
    /// arrival), a CNI group per consignment (<see cref="PreArrivalConsignment.Containers"/> loaded). The route's countries
    /// are written as country of despatch (LOC+113), of transhipment (LOC+120) and of destination (LOC+28), the ports as
    /// LOC+9 and LOC+11 in the bill, the notify party as NAD+N1 and each container's seals as SEL after its EQD.
    /// </summary>
    public static string Cuscar(IReadOnlyList<PreArrivalConsignment> consignments, string sender, string recipient, string reference, DateTimeOffset now, string syntax = "UNOC")
    {
        var w = new EdifactWriter(syntax);
        w.BeginInterchange(sender, recipient, now, reference);
        var n = 0;
        foreach (var voyage in consignments.GroupBy(c => (c.Office, c.Filer, c.TransportMode, c.Conveyance, c.ExpectedArrival)))
        {
            var message = (++n).ToString(CultureInfo.InvariantCulture);
            var (office, filer, mode, conveyance, arrival) = voyage.Key;
            w.BeginMessage(message, "CUSCAR", "D", "95B");
            w.Segment("BGM", ["85"], [$"{reference}-{message}"], ["9"]);
            Loc(w, "22", office);
            w.Segment("NAD", ["CA"], [filer]);
            w.Segment("TDT", ["20"], [], [Modes[mode]], [], [], [], [], [conveyance]);
            var at = arrival.UtcDateTime;
            w.Segment("DTM", at.Second == 0
                ? ["132", at.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture), "203"]
                : ["132", at.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), "204"]);
            var containers = voyage.SelectMany(c => c.Containers.OrderBy(x => x.Seq).Select(x => x.ContainerNumber)).Distinct(StringComparer.Ordinal).ToList();
            foreach (var container in containers)
            {
                w.Segment("EQD", ["CN"], [container]);
                // A seal is on the container, so every bill stowed in it names the same seals: written once, after its EQD.
                foreach (var seal in voyage.SelectMany(c => c.Containers).Where(x => x.ContainerNumber == container && x.Seals is not null)
                             .SelectMany(x => x.Seals!.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal))
                {
                    w.Segment("SEL", [seal]);
                }
            }
            var bill = 0;
            foreach (var c in voyage)
            {
                var record = $"consignment {c.Reference}";
                w.Segment("CNI", [(++bill).ToString(CultureInfo.InvariantCulture)], [c.Reference]);
                var route = (c.Route ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                for (var i = 0; i < route.Length; i++)
                {
                    Loc(w, i == 0 ? "113" : i == route.Length - 1 ? "28" : "120", route[i]);
                }
                if (route.Length == 1)
                {
                    Loc(w, "28", route[0]); // else a port of discharge would read back as a second country of the route
                }
                Loc(w, "9", c.PortOfLoading);
                Loc(w, "11", c.PortOfDischarge);
                Party(w, record, "consignor", "CZ", c.ConsignorCode, c.ConsignorName, c.ConsignorAddress, c.ConsignorCountry);
                Party(w, record, "consignee", "CN", c.ConsigneeCode, c.ConsigneeName, c.ConsigneeAddress, c.ConsigneeCountry);
                Party(w, record, "notifyParty", "N1", c.NotifyCode, c.NotifyName, c.NotifyAddress, c.NotifyCountry);
                w.Segment("GID", ["1"], [c.Packages.ToString(CultureInfo.InvariantCulture)]);
                Text(w, c.GoodsDescription);
                w.Segment("MEA", ["WT"], ["G"], ["KGM", Number(c.GrossKg)]);
                w.Segment("PIA", ["5"], [c.HsCode, "HS"]);
                foreach (var container in c.Containers.OrderBy(x => x.Seq))
                {
                    w.Segment("SGP", [container.ContainerNumber]);
                }
            }
            w.EndMessage(message);
        }
        w.EndInterchange();
        return w.ToString();
    }

    private static void Loc(EdifactWriter w, string qualifier, string? place)
    {
        if (place is not null)
        {
            w.Segment("LOC", [qualifier], [place]);
        }
    }

    private static void Amount(EdifactWriter w, string qualifier, decimal? amount, string? currency)
    {
        if (amount is { } a)
        {
            w.Segment("MOA", [qualifier, Number(a), currency]);
        }
    }

    /// <summary>NAD: C082 id, C080 name (up to 5 × 35), C059 street (up to 4 × 35, where Cordon keeps the whole address), 3207 country.</summary>
    private static void Party(EdifactWriter w, string record, string role, string qualifier, string? id, string? name, string? address, string? country)
    {
        if (id is null && name is null && address is null && country is null)
        {
            return;
        }
        var names = Pieces(name, 35, 5) ?? throw ValidationFailed.Field($"{role}.name", $"{record}: the {role}'s name is longer than NAD C080 holds (5 × 35 characters).");
        var street = Pieces(address, 35, 4) ?? throw ValidationFailed.Field($"{role}.address", $"{record}: the {role}'s address is longer than NAD C059 holds (4 × 35 characters).");
        w.Segment("NAD", [qualifier], [id], [], names, street, [], [], [], [country]);
    }

    /// <summary>Free text as FTX+AAA, 5 × 70 characters a segment, as many segments as it takes.</summary>
    private static void Text(EdifactWriter w, string? text)
    {
        var rest = text;
        while (!string.IsNullOrEmpty(rest))
        {
            var take = Cut(rest, 350);
            w.Segment("FTX", ["AAA"], [], [], Pieces(take, 70, 5)!);
            rest = take.Length < rest.Length ? rest[(take.Length + (rest[take.Length] == ' ' ? 1 : 0))..] : null;
        }
    }

    /// <summary>The longest start of the text of at most <paramref name="width"/> characters ending before a space (or the whole text).</summary>
    private static string Cut(string text, int width)
    {
        if (text.Length <= width)
        {
            return text;
        }
        var space = text.LastIndexOf(' ', width);
        return space > 0 ? text[..space] : text[..width];
    }

    /// <summary>
    /// Components of at most <paramref name="width"/> characters, cut at spaces so that a reader joining them with one
    /// space gets the text back; null when the text does not fit in <paramref name="count"/> components.
    /// </summary>
    private static string?[]? Pieces(string? text, int width, int count)
    {
        if (text is null)
        {
            return [];
        }
        var pieces = new List<string?>();
        var rest = text;
        while (rest.Length > 0)
        {
            var piece = Cut(rest, width);
            pieces.Add(piece);
            rest = piece.Length < rest.Length ? rest[(piece.Length + (rest[piece.Length] == ' ' ? 1 : 0))..] : "";
        }
        return pieces.Count <= count ? [.. pieces] : null;
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
