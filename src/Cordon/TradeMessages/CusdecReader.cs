using System.Globalization;
using Cordon.Declarations;
using Cordon.Edifact;

namespace Cordon.TradeMessages;

/// <summary>Where a value came from in a message: the segment and the data element (and component), 1-based.</summary>
public sealed record EdifactPlace(EdifactSegment Segment, int Element, int? Component);

/// <summary>What a CUSDEC asks for (BGM 1225): the first lodging of a declaration, or a replacement of one already lodged (an amendment).</summary>
public enum MessageFunction
{
    Original,
    Replacement,
}

/// <summary>
/// One CUSDEC read: the declaration it carries in Cordon's input shape (the same record the CSV and JSON paths
/// produce), and where each field came from, so that a validation error on <c>items[6].hsCode</c> can name the
/// segment and element that carried it. <see cref="Declaration"/> is null when the message could not be read.
/// </summary>
public sealed class CusdecMessage(EdifactMessage message)
{
    public EdifactMessage Message { get; } = message;
    public DeclarationInput? Declaration { get; set; }
    public MessageFunction Function { get; set; } = MessageFunction.Original;

    /// <summary>
    /// Where each field was read. Only a message with errors needs it: found on demand by reading the message once
    /// more, so that the messages that are simply accepted (most) do not make ≈ 30 places each.
    /// </summary>
    public IReadOnlyDictionary<string, EdifactPlace> Places => _places ??= Parsed ? CusdecReader.Locate(Message) : [];

    private Dictionary<string, EdifactPlace>? _places;

    /// <summary>Whether the message was read (not refused on its envelope first): only then were fields read from places.</summary>
    internal bool Parsed { get; set; }

    /// <summary>Set while the reader reads again to find the places.</summary>
    internal Dictionary<string, EdifactPlace>? Collecting { get; init; }

    /// <summary>Whether the reader refused the message on its syntax (envelope, unknown segment, characters): a CONTRL matter.</summary>
    public bool SyntaxRefused => Message.Errors.Any(e => e.SyntaxCode is not null);

    /// <summary>
    /// The place of a field path of <see cref="DeclarationInput"/>: the exact path, else its nearest parent that
    /// has one (<c>importer.name</c> → the NAD of the importer, <c>items[6]</c> → the item's CST), else none.
    /// </summary>
    public EdifactPlace? PlaceOf(string field) => EdifactPlaces.Nearest(Places, field);
}

/// <summary>
/// Reads UN/EDIFACT CUSDEC (directories D96B and D01B; the elements Cordon uses sit at the same places in both)
/// on top of the general <see cref="EdifactReader"/>, into <see cref="DeclarationInput"/>. The header (BGM, DTM,
/// LOC, NAD, TDT, MOA, CUX) gives the declaration; after UNS+D each CST opens a goods item with its PIA, FTX,
/// MEA, MOA, LOC and TAX/MOA groups. Segments of the CUSDEC directory that Cordon does not keep (GIS, RFF, DOC,
/// PAC, EQD, SEL …) are passed over; a segment outside the directory is a syntax error for the CONTRL report; a
/// value Cordon cannot read (a code, a number, a date) is a content error for the CUSRES. Which qualifier carries
/// which of Cordon's fields is Cordon's implementation profile, written down in docs/decisions (trade messages).
/// </summary>
public static class CusdecReader
{
    /// <summary>Segments of the CUSDEC directory (D96B–D01B) besides the service segments.</summary>
    private static readonly HashSet<string> Directory =
    [
        "BGM", "CST", "LOC", "DTM", "GIS", "FII", "MEA", "EQD", "SEL", "FTX", "RFF", "PAC", "PCI", "TDT", "TPL", "NAD", "CTA", "COM",
        "TOD", "MOA", "CUX", "TAX", "DOC", "PIA", "UNS", "CNT", "ALC", "ALI", "QTY", "AUT", "ATT", "TCC", "RCS", "GEI", "PRC", "DMS", "CPI", "IMD",
        "PCD", "IDE", "EMP", "DLI", "PRI", "NAT", "LIN", "UNT",
    ];

    private static readonly Dictionary<string, string> TransportModes = new(StringComparer.Ordinal)
    {
        ["1"] = "sea", ["2"] = "rail", ["3"] = "road", ["4"] = "air", ["5"] = "post", ["7"] = "fixed-installation", ["8"] = "inland-waterway",
    };

    /// <summary>Units of measure (UN/ECE Recommendation 20, data element 6411) and Cordon's unit names.</summary>
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["KGM"] = "kg", ["PCE"] = "u", ["NAR"] = "u", ["C62"] = "u", ["LTR"] = "l", ["MTK"] = "m2", ["MTQ"] = "m3", ["PR"] = "pr", ["NPR"] = "pr",
    };

    /// <summary>The field paths of NAD parties, written once.</summary>
    private static readonly Dictionary<string, (string Id, string Name, string Address, string Country)> PartyFields = new(StringComparer.Ordinal)
    {
        ["importer"] = ("importer.id", "importer.name", "importer.address", "importer.country"),
        ["exporter"] = ("exporter.id", "exporter.name", "exporter.address", "exporter.country"),
        ["consignee"] = ("consignee.id", "consignee.name", "consignee.address", "consignee.country"),
    };

    /// <summary>The field paths of goods item n (items[n], items[n].hsCode …), written once for the first items rather than per message.</summary>
    private sealed class ItemFields(int n)
    {
        private static readonly ItemFields[] Known = [.. Enumerable.Range(0, 100).Select(n => new ItemFields(n))];

        public static ItemFields Of(int n) => n < Known.Length ? Known[n] : new ItemFields(n);

        public string Path { get; } = $"items[{n}]";
        public string HsCode => field ??= $"{Path}.hsCode";
        public string Description => field ??= $"{Path}.description";
        public string Duties => field ??= $"{Path}.duties";
        public string Taxes => field ??= $"{Path}.taxes";
        public string Fob => field ??= $"{Path}.fob";
        public string Cif => field ??= $"{Path}.cif";
        public string GrossKg => field ??= $"{Path}.grossKg";
        public string NetKg => field ??= $"{Path}.netKg";
        public string Quantity => field ??= $"{Path}.quantity";
        public string Unit => field ??= $"{Path}.unit";
    }

    public static IEnumerable<CusdecMessage> Read(EdifactReader reader)
    {
        foreach (var message in reader.Messages())
        {
            if (message.Type != "CUSDEC")
            {
                message.At(message.Segments[0], $"a {message.Type} message: Cordon reads CUSDEC here.", 2, 1, syntaxCode: 12);
            }
            yield return Read(message);
        }
    }

    /// <summary>Reads one CUSDEC (a message of another type, or with envelope errors, is returned unread).</summary>
    public static CusdecMessage Read(EdifactMessage message)
    {
        var read = new CusdecMessage(message);
        if (message.Type == "CUSDEC" && message.Valid)
        {
            read.Parsed = true;
            Parse(read);
        }
        return read;
    }

    /// <summary>
    /// The places of a message's fields, read once more from its segments: the same reading, into a copy of the
    /// message so that its errors are not recorded twice.
    /// </summary>
    internal static Dictionary<string, EdifactPlace> Locate(EdifactMessage message)
    {
        var places = new Dictionary<string, EdifactPlace>(48, StringComparer.Ordinal);
        var copy = new EdifactMessage
        {
            Interchange = message.Interchange, Number = message.Number, Reference = message.Reference, Type = message.Type, Version = message.Version,
            Release = message.Release, Agency = message.Agency, AssociationCode = message.AssociationCode, Group = message.Group, Segments = message.Segments,
        };
        Parse(new CusdecMessage(copy) { Collecting = places });
        return places;
    }

    private static void Parse(CusdecMessage read)
    {
        var message = read.Message;
        var input = new DeclarationInput { Items = [] };
        var places = read.Collecting;
        ItemInput? item = null;
        var itemPath = ItemFields.Of(0);
        string? tax = null;
        var detail = false;
        EdifactSegment? bgm = null;

        void Set(string field, EdifactSegment s, int element, int? component = null) => places?.TryAdd(field, new EdifactPlace(s, element, component));

        for (var i = 1; i < message.Segments.Count - 1; i++)
        {
            var s = message.Segments[i];
            if (!Directory.Contains(s.Tag) || s.Tag == "UNT")
            {
                message.At(s, $"{(s.Tag.Length == 0 ? "an empty segment" : $"segment {s.Tag}")} is not part of the CUSDEC message.", syntaxCode: 15);
                continue;
            }
            if (s.Tag != "MOA" && s.Tag != "GIS")
            {
                tax = null; // a TAX group is TAX, MOA, GIS
            }
            switch (s.Tag)
            {
                case "UNS":
                    if (s.Value(1) is not ("D" or "S"))
                    {
                        message.At(s, $"section identification (0081) '{s.Value(1)}' is not D (detail) or S (summary).", 1);
                        break;
                    }
                    detail = s.Value(1) == "D";
                    if (!detail)
                    {
                        item = null;
                    }
                    break;
                case "BGM":
                    bgm = s;
                    Set("kind", s, 1, 1);
                    Set("number", s, 2, 1);
                    Set("", s, 2, 1);
                    input.Kind = s.Value(1, 1) switch
                    {
                        "929" => "import",
                        "830" => "export",
                        var v => Content(message, s, $"document name code (1001) '{v}' is not 929 (goods declaration for importation) or 830 (for exportation).", 1, 1),
                    };
                    input.Number = s.Value(2, 1);
                    read.Function = s.Value(3) == "5" ? MessageFunction.Replacement : MessageFunction.Original;
                    if (s.Value(3) is { } function and not ("9" or "5"))
                    {
                        message.At(s, $"message function (1225) '{function}' is not 9 (original) or 5 (replacement).", 3);
                    }
                    break;
                case "DTM" when item is null:
                    if (s.Value(1, 1) == "137")
                    {
                        Set("lodgedOn", s, 1, 2);
                        input.LodgedOn = Date(message, s);
                    }
                    break;
                case "LOC" when item is null:
                    var place = s.Value(2, 1)?.Trim();
                    switch (s.Value(1))
                    {
                        case "22": input.Office = place; Set("office", s, 2, 1); break;
                        case "27": input.OriginCountry = place; Set("originCountry", s, 2, 1); break;
                        case "28": input.DestinationCountry = place; Set("destinationCountry", s, 2, 1); break;
                        case "35": input.ExportCountry = place; Set("exportCountry", s, 2, 1); break;
                        case "9": input.PortOfLoading = place; Set("portOfLoading", s, 2, 1); break;
                        case "11": input.PortOfDischarge = place; Set("portOfDischarge", s, 2, 1); break;
                    }
                    break;
                case "LOC":
                    // An item's origin: Cordon keeps one origin per declaration.
                    if (s.Value(1) == "27" && s.Value(2, 1)?.Trim() is { } origin)
                    {
                        if (input.OriginCountry is null)
                        {
                            input.OriginCountry = origin;
                            Set("originCountry", s, 2, 1);
                        }
                        else if (!string.Equals(input.OriginCountry, origin, StringComparison.OrdinalIgnoreCase))
                        {
                            message.At(s, $"item origin {origin} differs from the declaration's origin {input.OriginCountry}: Cordon keeps one origin per declaration (split the declaration).", 2, 1);
                        }
                    }
                    break;
                case "NAD":
                    var party = TradeSegments.Party(s);
                    var role = s.Value(1) switch
                    {
                        "DT" => "declarant",
                        "IM" => "importer",
                        "EX" => "exporter",
                        "CN" => "consignee",
                        _ => null, // other parties (consignor, carrier, agent …) are passed over
                    };
                    if (role == "declarant")
                    {
                        input.Declarant = party.Id;
                        Set("declarant", s, 2, 1);
                    }
                    else if (role is not null && item is null)
                    {
                        if (role == "importer") input.Importer = party;
                        if (role == "exporter") input.Exporter = party;
                        if (role == "consignee") input.Consignee = party;
                        var fields = PartyFields[role];
                        Set(role, s, 2, 1);
                        Set(fields.Id, s, 2, 1);
                        Set(fields.Name, s, s.Value(4) is null && s.Value(3) is not null ? 3 : 4, 1);
                        Set(fields.Address, s, 5, 1);
                        Set(fields.Country, s, 9);
                    }
                    break;
                case "TDT" when item is null:
                    var mode = s.Value(3, 1);
                    input.TransportMode = mode is null ? null : TransportModes.TryGetValue(mode, out var m) ? m
                        : Content(message, s, $"mode of transport (8067) '{mode}' is not 1 (sea), 2 (rail), 3 (road), 4 (air), 5 (post), 7 (fixed installation) or 8 (inland waterway).", 3, 1);
                    Set("transportMode", s, 3, 1);
                    input.Conveyance = s.Value(8, 1)?.Trim() ?? s.Value(2)?.Trim();
                    Set("conveyance", s, s.Value(8, 1) is null ? 2 : 8, s.Value(8, 1) is null ? null : 1);
                    break;
                case "CUX" when item is null:
                    if (s.Value(1, 2)?.Trim() is { } cux)
                    {
                        input.Currency ??= cux;
                        Set("currency", s, 1, 2);
                    }
                    break;
                case "MOA":
                    Amount(read, input, item, itemPath, tax, s);
                    break;
                case "CST" when detail:
                    item = new ItemInput();
                    input.Items.Add(item);
                    itemPath = ItemFields.Of(input.Items.Count - 1);
                    Set(itemPath.Path, s, 1);
                    if (s.Value(1) is { } number && number != input.Items.Count.ToString(CultureInfo.InvariantCulture))
                    {
                        message.At(s, $"goods item number (1496) {number} out of sequence: this is item {input.Items.Count}.", 1);
                    }
                    if (s.Value(2, 1) is { } tariff)
                    {
                        item.HsCode = tariff;
                        Set(itemPath.HsCode, s, 2, 1);
                    }
                    break;
                case "PIA" when item is not null:
                    // Additional product id: the HS code when CST carried none (7143 HS, or no type given).
                    if (item.HsCode is null && s.Value(2, 1) is { } pia && s.Value(2, 2) is null or "HS")
                    {
                        item.HsCode = pia;
                        Set(itemPath.HsCode, s, 2, 1);
                    }
                    break;
                case "FTX" when item is not null:
                    if (s.Value(1) == "AAA" && TradeSegments.Joined(s, 4) is { } text)
                    {
                        item.Description = item.Description is null ? text : $"{item.Description} {text}";
                        Set(itemPath.Description, s, 4, 1);
                    }
                    break;
                case "MEA" when item is not null:
                    Measure(read, item, itemPath, s);
                    break;
                case "TAX" when item is not null:
                    tax = s.Value(2, 1) == "CUD" ? "duties" : "taxes";
                    break;
            }
        }
        if (bgm is null)
        {
            message.Whole("the message has no BGM (beginning of message): no declaration number.", "BGM");
        }
        // With content errors only, the declaration still goes to validation (and is refused there), so that the
        // answer names every problem at once.
        if (!read.SyntaxRefused)
        {
            read.Declaration = input;
        }
    }

    private static void Amount(CusdecMessage read, DeclarationInput input, ItemInput? item, ItemFields itemPath, string? tax, EdifactSegment s)
    {
        var qualifier = s.Value(1, 1);
        var amount = Number(read.Message, s, 1, 2);
        if (item is null)
        {
            if (s.Value(1, 3)?.Trim() is { } currency)
            {
                input.Currency ??= currency;
                read.Collecting?.TryAdd("currency", new EdifactPlace(s, 1, 3));
            }
            switch (qualifier)
            {
                case "39": input.TotalFob = amount; read.Collecting?.TryAdd("totalFob", new EdifactPlace(s, 1, 2)); break;
                case "40": input.TotalCif = amount; read.Collecting?.TryAdd("totalCif", new EdifactPlace(s, 1, 2)); break;
            }
            return;
        }
        if (tax is not null)
        {
            if (tax == "duties")
            {
                item.Duties = (item.Duties ?? 0) + amount;
            }
            else
            {
                item.Taxes = (item.Taxes ?? 0) + amount;
            }
            read.Collecting?.TryAdd(tax == "duties" ? itemPath.Duties : itemPath.Taxes, new EdifactPlace(s, 1, 2));
            return;
        }
        switch (qualifier)
        {
            case "38": item.Fob = amount; read.Collecting?.TryAdd(itemPath.Fob, new EdifactPlace(s, 1, 2)); break;
            case "40": item.Cif = amount; read.Collecting?.TryAdd(itemPath.Cif, new EdifactPlace(s, 1, 2)); break;
        }
    }

    private static void Measure(CusdecMessage read, ItemInput item, ItemFields itemPath, EdifactSegment s)
    {
        var unit = s.Value(3, 1);
        var value = Number(read.Message, s, 3, 2);
        switch (s.Value(1), s.Value(2, 1))
        {
            case ("WT", "G" or "AAF"):
                if (unit != "KGM")
                {
                    read.Message.At(s, $"weights are read in kilograms (KGM), not '{unit}'.", 3, 1);
                    return;
                }
                var gross = s.Value(2, 1) == "G";
                if (gross)
                {
                    item.GrossKg = value;
                }
                else
                {
                    item.NetKg = value;
                }
                read.Collecting?.TryAdd(gross ? itemPath.GrossKg : itemPath.NetKg, new EdifactPlace(s, 3, 2));
                break;
            case ("AAR", _):
                if (unit is null || !Units.TryGetValue(unit, out var cordonUnit))
                {
                    read.Message.At(s, $"unit of measure (6411) '{unit}' is not one Cordon reads: {string.Join(", ", Units.Keys)}.", 3, 1);
                    return;
                }
                item.Quantity = value;
                item.Unit = cordonUnit;
                read.Collecting?.TryAdd(itemPath.Quantity, new EdifactPlace(s, 3, 2));
                read.Collecting?.TryAdd(itemPath.Unit, new EdifactPlace(s, 3, 1));
                break;
        }
    }

    /// <summary>A numeric value: ISO 9735 allows either decimal mark, and a leading minus sign.</summary>
    private static decimal? Number(EdifactMessage message, EdifactSegment s, int element, int component)
    {
        var text = s.Value(element, component);
        if (text is null)
        {
            return null;
        }
        if (decimal.TryParse(text.Replace(',', '.'), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        message.At(s, $"'{text}' is not a number.", element, component);
        return null;
    }

    /// <summary>DTM C507: 102 (CCYYMMDD) or 203 (CCYYMMDDHHMM); Cordon keeps the day.</summary>
    private static string? Date(EdifactMessage message, EdifactSegment s)
    {
        var text = s.Value(1, 2);
        var format = s.Value(1, 3) ?? "102";
        var pattern = format switch { "102" => "yyyyMMdd", "203" => "yyyyMMddHHmm", _ => null };
        if (pattern is null)
        {
            return Content(message, s, $"date format (2379) '{format}' is not 102 (CCYYMMDD) or 203 (CCYYMMDDHHMM).", 1, 3);
        }
        if (text is not null && Day(text, pattern.Length) is { } day)
        {
            return day;
        }
        if (text is null || !DateTime.TryParseExact(text, pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Content(message, s, $"'{text}' is not a date in format {format} ({pattern}).", 1, 2);
        }
        return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The day of a date of exactly <paramref name="length"/> ASCII digits (8: CCYYMMDD, 12: with HHMM) that is a real
    /// date and time, read without the general parser; null for anything else, which the general parser then judges.
    /// </summary>
    private static string? Day(string text, int length)
    {
        if (text.Length != length || text.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return null;
        }
        static int Two(string t, int at) => (t[at] - '0') * 10 + t[at + 1] - '0';
        int year = Two(text, 0) * 100 + Two(text, 2), month = Two(text, 4), day = Two(text, 6);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || (length == 12 && (Two(text, 8) > 23 || Two(text, 10) > 59)))
        {
            return null;
        }
        return string.Create(10, text, static (d, t) =>
        {
            t.AsSpan(0, 4).CopyTo(d);
            d[4] = '-';
            t.AsSpan(4, 2).CopyTo(d[5..]);
            d[7] = '-';
            t.AsSpan(6, 2).CopyTo(d[8..]);
        });
    }

    private static string? Content(EdifactMessage message, EdifactSegment s, string text, int element, int? component = null)
    {
        message.At(s, text, element, component);
        return null;
    }
}
