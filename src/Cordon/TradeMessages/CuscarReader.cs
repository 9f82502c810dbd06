using System.Globalization;
using Cordon.Declarations;
using Cordon.Edifact;

namespace Cordon.TradeMessages;

/// <summary>
/// One bill of lading or air waybill of a CUSCAR (a CNI group) read into Cordon's pre-arrival consignment input,
/// with where each field came from and the content errors of this bill alone (a bad container number refuses its
/// bill, not the manifest).
/// </summary>
public sealed class CuscarBill(EdifactSegment cni, int number)
{
    /// <summary>The CNI segment that opens the bill.</summary>
    public EdifactSegment Cni { get; } = cni;
    /// <summary>1, 2, 3 … in the message.</summary>
    public int Number { get; } = number;
    public ConsignmentInput Input { get; } = new();
    public Dictionary<string, EdifactPlace> Places { get; } = new(StringComparer.Ordinal);
    public List<EdifactError> Errors { get; } = [];
    /// <summary>The bill's own segments (CNI up to the next CNI or the end), kept with a refused bill in quarantine.</summary>
    public List<EdifactSegment> Segments { get; } = [];

    public EdifactPlace? PlaceOf(string field) => EdifactPlaces.Nearest(Places, field);
}

/// <summary>One CUSCAR read: the manifest's number and document code, and its bills.</summary>
public sealed class CuscarMessage(EdifactMessage message)
{
    public EdifactMessage Message { get; } = message;
    public string? ManifestNumber { get; set; }
    public string? DocumentCode { get; set; }
    public MessageFunction Function { get; set; } = MessageFunction.Original;
    public List<CuscarBill> Bills { get; } = [];

    public bool SyntaxRefused => Message.Errors.Any(e => e.SyntaxCode is not null);
}

/// <summary>Field paths to places: the exact path, else its nearest parent with one, else the record's own place ("").</summary>
public static class EdifactPlaces
{
    public static EdifactPlace? Nearest(IReadOnlyDictionary<string, EdifactPlace> places, string field)
    {
        var path = field;
        while (path.Length > 0)
        {
            if (places.TryGetValue(path, out var place))
            {
                return place;
            }
            var cut = Math.Max(path.LastIndexOf('.'), path.EndsWith(']') ? path.LastIndexOf('[') : -1);
            path = cut > 0 ? path[..cut] : "";
        }
        return places.GetValueOrDefault("");
    }

    /// <summary>The field an error's place carries, if a field was read from there.</summary>
    public static string? FieldAt(IReadOnlyDictionary<string, EdifactPlace> places, EdifactError e)
        => places.FirstOrDefault(p => p.Key.Length > 0 && p.Value.Segment.Position == e.Segment && p.Value.Element == e.Element
            && (e.Component is null || p.Value.Component == e.Component)).Key;
}

/// <summary>
/// Reads UN/EDIFACT CUSCAR (directories D95B and D00B; the elements Cordon uses sit at the same places in both) on
/// top of the general <see cref="EdifactReader"/>: the carrier's report of a voyage or flight becomes one pre-arrival
/// consignment per bill (CNI group), through the same consignment intake as the CSV and JSON paths. The header gives
/// what every bill shares (office, carrier, transport, ports, estimated arrival, the equipment with its seals); each
/// CNI group gives the bill (parties, goods, packages, weight, HS code, the containers it is stowed in). Cordon's
/// implementation profile (which qualifier carries what) is in decision 021.
/// </summary>
public static class CuscarReader
{
    /// <summary>Segments of the CUSCAR directory (D95B–D00B) besides the service segments.</summary>
    private static readonly HashSet<string> Directory =
    [
        "BGM", "DTM", "LOC", "QTY", "RFF", "NAD", "CTA", "COM", "FTX", "TDT", "GIS", "EQD", "TSR", "MEA", "DIM", "SEL", "EQA", "TMP", "RNG", "HAN",
        "CNI", "CNT", "GID", "PAC", "PCI", "GIN", "PIA", "DGS", "SGP", "CST", "TPL", "GOR", "DOC", "TCC", "MOA", "TOD", "CUX", "PRI", "GEI", "ATT",
        "ALI", "IMD", "UNS", "TAX", "GEP", "EQN", "FII", "CPI", "PAI", "AUT",
    ];

    private static readonly Dictionary<string, string> TransportModes = new(StringComparer.Ordinal)
    {
        ["1"] = "sea", ["2"] = "rail", ["3"] = "road", ["4"] = "air", ["5"] = "post", ["7"] = "fixed-installation", ["8"] = "inland-waterway",
    };

    private sealed record Equipment(EdifactSegment Segment, string Number, List<(string Number, EdifactSegment Segment)> Seals);

    /// <summary>A country of the route, the LOC that gave it, and the place's UN/LOCODE where it is a port.</summary>
    private sealed record Leg(string Country, EdifactPlace Place, string? Code = null);

    /// <summary>
    /// The route as the message gives it: country of despatch (LOC+113) else the port of loading's (LOC+9/5), countries
    /// of transhipment (LOC+120), country of destination (LOC+28) else the port of discharge's (LOC+11/8).
    /// </summary>
    private sealed class Legs
    {
        public Leg? Despatch { get; set; }
        public Leg? Loading { get; set; }
        public Leg? Discharge { get; set; }
        public Leg? Destination { get; set; }
        public List<Leg> Transhipment { get; } = [];

        public IEnumerable<Leg> Route(Legs voyage)
        {
            if ((Despatch ?? Loading ?? voyage.Despatch ?? voyage.Loading) is { } first)
            {
                yield return first;
            }
            foreach (var leg in Transhipment.Count > 0 ? Transhipment : voyage.Transhipment)
            {
                yield return leg;
            }
            if ((Destination ?? Discharge ?? voyage.Destination ?? voyage.Discharge) is { } last)
            {
                yield return last;
            }
        }
    }

    public static CuscarMessage Read(EdifactMessage message)
    {
        var read = new CuscarMessage(message);
        if (message.Valid)
        {
            Parse(read);
        }
        return read;
    }

    private static void Parse(CuscarMessage read)
    {
        var message = read.Message;
        // What every bill shares, with where it came from.
        var header = new ConsignmentInput();
        var headerPlaces = new Dictionary<string, EdifactPlace>(StringComparer.Ordinal);
        var voyage = new Legs();
        var equipment = new Dictionary<string, Equipment>(StringComparer.Ordinal);
        Equipment? lastEquipment = null;
        CuscarBill? bill = null;
        var legs = new Legs();
        var billContainers = new List<(Equipment Equipment, EdifactPlace Place)>();
        EdifactSegment? bgm = null;

        void Head(string field, EdifactSegment s, int element, int? component = null) => headerPlaces[field] = new EdifactPlace(s, element, component);
        void Set(string field, EdifactSegment s, int element, int? component = null) => bill!.Places.TryAdd(field, new EdifactPlace(s, element, component));

        void Close()
        {
            if (bill is null)
            {
                return;
            }
            var input = bill.Input;
            input.Office = header.Office;
            input.Filer = header.Filer;
            input.TransportMode = header.TransportMode;
            input.Conveyance = header.Conveyance;
            input.ExpectedArrival = header.ExpectedArrival;
            foreach (var (field, place) in headerPlaces)
            {
                bill.Places.TryAdd(field, place);
            }
            // The route's countries; a bill's own places win over the voyage's.
            var route = new List<string>();
            foreach (var leg in legs.Route(voyage))
            {
                if (route.Count == 0 || route[^1] != leg.Country)
                {
                    bill.Places.TryAdd($"route[{route.Count}]", leg.Place);
                    route.Add(leg.Country);
                }
            }
            input.Route = route.Count == 0 ? null : route;
            // The ports themselves (LOC+9/5 and LOC+11/8): the bill's own, else the voyage's.
            foreach (var (field, leg) in new[] { ("portOfLoading", legs.Loading ?? voyage.Loading), ("portOfDischarge", legs.Discharge ?? voyage.Discharge) })
            {
                if (leg?.Code is { } port)
                {
                    bill.Places.TryAdd(field, leg.Place);
                    if (field == "portOfLoading")
                    {
                        input.PortOfLoading = port;
                    }
                    else
                    {
                        input.PortOfDischarge = port;
                    }
                }
            }
            if (billContainers.Count > 0)
            {
                input.Containers = [];
                foreach (var (eq, place) in billContainers)
                {
                    // The number is validated where it was given (EQD), whichever SGP of the bill points at it.
                    bill.Places.TryAdd($"containers[{input.Containers.Count}]", place);
                    input.Containers.Add(eq.Number);
                    foreach (var (seal, segment) in eq.Seals)
                    {
                        input.Seals ??= [];
                        bill.Places.TryAdd($"seals[{input.Seals.Count}]", new EdifactPlace(segment, 1, null));
                        input.Seals.Add(new SealInput { Container = eq.Number, Number = seal });
                    }
                }
            }
            read.Bills.Add(bill);
            bill = null;
        }

        foreach (var s in message.Segments.Skip(1).SkipLast(1))
        {
            if (!Directory.Contains(s.Tag))
            {
                message.At(s, $"{(s.Tag.Length == 0 ? "an empty segment" : $"segment {s.Tag}")} is not part of the CUSCAR message.", syntaxCode: 15);
                continue;
            }
            if (s.Tag != "CNI")
            {
                bill?.Segments.Add(s); // a CNI opens the next bill
            }
            if (s.Tag is "CNI" or "GID" or "TDT" or "NAD")
            {
                lastEquipment = null; // a seal follows its EQD (after MEA, DIM … of the same group)
            }
            switch (s.Tag)
            {
                case "BGM":
                    bgm = s;
                    read.DocumentCode = s.Value(1, 1);
                    read.ManifestNumber = s.Value(2, 1);
                    read.Function = s.Value(3) == "5" ? MessageFunction.Replacement : MessageFunction.Original;
                    if (s.Value(3) is { } function and not ("9" or "5"))
                    {
                        message.At(s, $"message function (1225) '{function}' is not 9 (original) or 5 (replacement).", 3);
                    }
                    break;
                case "CNI":
                    Close();
                    bill = new CuscarBill(s, read.Bills.Count + 1);
                    bill.Segments.Add(s);
                    legs = new Legs();
                    billContainers.Clear();
                    bill.Input.Reference = s.Value(2, 1)?.Trim();
                    Set("reference", s, 2, 1);
                    Set("", s, 2, 1);
                    break;
                case "LOC":
                    var code = s.Value(2, 1)?.Trim();
                    var at = new EdifactPlace(s, 2, 1);
                    var to = bill is null ? voyage : legs;
                    var leg = code is null ? null : new Leg(code.Length >= 2 ? code[..2].ToUpperInvariant() : code.ToUpperInvariant(), at, code.ToUpperInvariant());
                    switch (s.Value(1))
                    {
                        case "22" when bill is null: header.Office = code; Head("office", s, 2, 1); break;
                        case "9" or "5": to.Loading = leg; break;
                        case "11" or "8": to.Discharge = leg; break;
                        case "113": to.Despatch = leg is null ? null : leg with { Country = code!.ToUpperInvariant() }; break;
                        case "28": to.Destination = leg is null ? null : leg with { Country = code!.ToUpperInvariant() }; break;
                        case "120" when leg is not null: to.Transhipment.Add(leg with { Country = code!.ToUpperInvariant() }); break;
                    }
                    if (s.Value(1) is "9" or "5" or "11" or "8" && code is not null && (code.Length != 5 || !code.All(char.IsAsciiLetterOrDigit)))
                    {
                        Error(read, bill, s, $"'{code}' is not a UN/LOCODE (2-letter country, 3-character place).", 2, 1);
                    }
                    break;
                case "DTM" when bill is null:
                    if (s.Value(1, 1) == "132")
                    {
                        header.ExpectedArrival = Instant(read, s);
                        Head("expectedArrival", s, 1, 2);
                    }
                    break;
                case "NAD":
                    var party = TradeSegments.Party(s);
                    switch (s.Value(1), bill)
                    {
                        case ("CA", null):
                            header.Filer = party.Id;
                            Head("filer", s, 2, 1);
                            break;
                        case ("CZ", not null):
                            bill.Input.Consignor = party;
                            Party(bill, "consignor", s);
                            break;
                        case ("CN", not null):
                            bill.Input.Consignee = party;
                            Party(bill, "consignee", s);
                            break;
                        case ("N1", not null):
                            bill.Input.NotifyParty = party;
                            Party(bill, "notifyParty", s);
                            break;
                        // Other parties (the freight forwarder, the warehouse keeper …): Cordon's consignment has no place for them.
                    }
                    break;
                case "TDT" when bill is null:
                    var mode = s.Value(3, 1);
                    header.TransportMode = mode is null ? null : TransportModes.TryGetValue(mode, out var m) ? m
                        : Error(read, null, s, $"mode of transport (8067) '{mode}' is not 1 (sea), 2 (rail), 3 (road), 4 (air), 5 (post), 7 (fixed installation) or 8 (inland waterway).", 3, 1);
                    Head("transportMode", s, 3, 1);
                    header.Conveyance = s.Value(8, 1)?.Trim() ?? s.Value(2)?.Trim();
                    Head("conveyance", s, s.Value(8, 1) is null ? 2 : 8, s.Value(8, 1) is null ? null : 1);
                    break;
                case "EQD":
                    var number = s.Value(2, 1)?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
                    if (number is null)
                    {
                        Error(read, bill, s, "equipment identifier (8260) is missing.", 2, 1);
                        break;
                    }
                    lastEquipment = new Equipment(s, number, []);
                    if (bill is null)
                    {
                        equipment.TryAdd(number, lastEquipment);
                    }
                    else
                    {
                        // Equipment inside a bill's group belongs to that bill.
                        billContainers.Add((lastEquipment, new EdifactPlace(s, 2, 1)));
                    }
                    break;
                case "SEL":
                    if (lastEquipment is null)
                    {
                        Error(read, bill, s, "a seal (SEL) outside an equipment group: it follows the EQD of its container.", 1);
                    }
                    else if (s.Value(1)?.Trim() is { Length: > 0 } seal)
                    {
                        lastEquipment.Seals.Add((seal, s));
                    }
                    else
                    {
                        Error(read, bill, s, "seal number (9308) is missing.", 1);
                    }
                    break;
                case "GID" when bill is not null:
                    if (s.Value(2, 1) is { } count)
                    {
                        if (int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var packages))
                        {
                            bill.Input.Packages = (bill.Input.Packages ?? 0) + packages;
                            Set("packages", s, 2, 1);
                        }
                        else
                        {
                            Error(read, bill, s, $"'{count}' is not a number of packages.", 2, 1);
                        }
                    }
                    break;
                case "FTX" when bill is not null:
                    if (s.Value(1) == "AAA" && TradeSegments.Joined(s, 4) is { } text)
                    {
                        bill.Input.GoodsDescription = bill.Input.GoodsDescription is null ? text : $"{bill.Input.GoodsDescription} {text}";
                        Set("goodsDescription", s, 4, 1);
                    }
                    break;
                case "MEA" when bill is not null:
                    if (s.Value(1) is "WT" or "AAE" && s.Value(2, 1) is "G" or "AAB")
                    {
                        if (s.Value(3, 1) != "KGM")
                        {
                            Error(read, bill, s, $"weights are read in kilograms (KGM), not '{s.Value(3, 1)}'.", 3, 1);
                            break;
                        }
                        if (Number(read, bill, s, 3, 2) is { } kg)
                        {
                            bill.Input.GrossKg = (bill.Input.GrossKg ?? 0) + kg;
                            Set("grossKg", s, 3, 2);
                        }
                    }
                    break;
                case "PIA" or "CST" when bill is not null:
                    // The HS code of the bill's first goods item with one (PIA 7143 HS, or CST C246); Cordon keeps the subheading.
                    if (bill.Input.HsCode is null && s.Value(2, 1)?.Trim() is { Length: > 0 } hs && (s.Tag == "CST" || s.Value(2, 2) is null or "HS"))
                    {
                        bill.Input.HsCode = hs.Length > 6 && hs.All(char.IsAsciiDigit) ? hs[..6] : hs;
                        Set("hsCode", s, 2, 1);
                    }
                    break;
                case "SGP" when bill is not null:
                    var container = s.Value(1, 1)?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
                    if (container is null)
                    {
                        Error(read, bill, s, "equipment identifier (8260) is missing.", 1, 1);
                    }
                    else if (!equipment.TryGetValue(container, out var eq))
                    {
                        Error(read, bill, s, $"container {container} is not among the message's equipment (EQD).", 1, 1);
                    }
                    else if (billContainers.All(c => c.Equipment.Number != container))
                    {
                        billContainers.Add((eq, new EdifactPlace(eq.Segment, 2, 1)));
                    }
                    break;
            }
        }
        Close();
        if (bgm is null)
        {
            message.Whole("the message has no BGM (beginning of message).", "BGM");
        }
        if (read.Bills.Count == 0 && !read.SyntaxRefused)
        {
            message.Whole("the message reports no bill (no CNI consignment group).", "CNI");
        }
    }

    private static void Party(CuscarBill bill, string role, EdifactSegment s)
    {
        bill.Places.TryAdd(role, new EdifactPlace(s, 2, 1));
        bill.Places.TryAdd($"{role}.id", new EdifactPlace(s, 2, 1));
        bill.Places.TryAdd($"{role}.name", new EdifactPlace(s, s.Value(4) is null && s.Value(3) is not null ? 3 : 4, 1));
        bill.Places.TryAdd($"{role}.address", new EdifactPlace(s, 5, 1));
        bill.Places.TryAdd($"{role}.country", new EdifactPlace(s, 9, null));
    }

    /// <summary>A content error: the bill's own when inside one, else the message's (and so every bill's).</summary>
    private static string? Error(CuscarMessage read, CuscarBill? bill, EdifactSegment s, string text, int element, int? component = null)
    {
        var e = read.Message.At(s, text, element, component);
        if (bill is not null)
        {
            read.Message.Errors.Remove(e);
            bill.Errors.Add(e);
        }
        return null;
    }

    private static decimal? Number(CuscarMessage read, CuscarBill bill, EdifactSegment s, int element, int component)
    {
        var text = s.Value(element, component);
        if (text is null)
        {
            return null;
        }
        if (decimal.TryParse(text.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        Error(read, bill, s, $"'{text}' is not a number.", element, component);
        return null;
    }

    /// <summary>DTM C507: 203 (CCYYMMDDHHMM) or 204 (with seconds), read as UTC, or 102 (CCYYMMDD, midnight UTC), as the ISO 8601 instant the intake reads.</summary>
    private static string? Instant(CuscarMessage read, EdifactSegment s)
    {
        var text = s.Value(1, 2);
        var format = s.Value(1, 3) ?? "203";
        var pattern = format switch { "102" => "yyyyMMdd", "203" => "yyyyMMddHHmm", "204" => "yyyyMMddHHmmss", _ => null };
        if (pattern is null)
        {
            return Error(read, null, s, $"date format (2379) '{format}' is not 102 (CCYYMMDD), 203 (CCYYMMDDHHMM) or 204 (CCYYMMDDHHMMSS).", 1, 3);
        }
        if (text is null || !DateTime.TryParseExact(text, pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            return Error(read, null, s, $"'{text}' is not a date in format {format} ({pattern}).", 1, 2);
        }
        return at.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    }

}
