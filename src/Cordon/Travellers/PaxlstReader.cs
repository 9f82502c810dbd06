using System.Globalization;
using System.Text.RegularExpressions;
using Cordon.Edifact;

namespace Cordon.Travellers;

/// <summary>One PAXLST message read: the list it holds, or its errors (the message is then refused whole).</summary>
public sealed record PaxlstMessage(EdifactMessage Message, ManifestInput? Manifest)
{
    public IReadOnlyList<EdifactError> Errors => Message.Errors;
}

/// <summary>
/// Reads UN/EDIFACT PAXLST (D02B and later, as the WCO/IATA/ICAO API guidelines and the US variant use it)
/// on top of the general <see cref="EdifactReader"/>: the flight or voyage (TDT with its LOC/DTM places and
/// times), then each person (NAD+FL/FM/DDU/DDT with ATT, DTM, LOC, NAT, RFF, FTX and DOC groups).
/// Optional groups may be missing; segments of the PAXLST directory that Cordon does not use (MEA, GEI,
/// COM, EMP, CPI, QTY …) are passed over; a segment outside the directory, a bad code or date, or a wrong
/// CNT count is an error naming the segment and element, and refuses that message only.
/// </summary>
public static partial class PaxlstReader
{
    /// <summary>Segments of the PAXLST directory (D02B–D15B) besides the service segments.</summary>
    private static readonly HashSet<string> Directory = ["BGM", "RFF", "DTM", "NAD", "CTA", "COM", "TDT", "LOC", "ATT", "MEA", "GEI", "FTX", "EMP", "NAT", "DOC", "CPI", "QTY", "CNT"];

    /// <summary>NAD party qualifiers of the people on a list, and the role each gives.</summary>
    public static readonly IReadOnlyDictionary<string, string> PartyQualifiers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["FL"] = TravellerRoles.Passenger, ["FM"] = TravellerRoles.Crew, ["DDU"] = TravellerRoles.TransitPassenger, ["DDT"] = TravellerRoles.TransitCrew,
    };

    /// <summary>
    /// Every message of the input, in order; other message types in the interchange are refused with an error.
    /// Two-digit years are placed relative to the interchange's preparation date, or <paramref name="today"/> without one.
    /// </summary>
    public static IEnumerable<PaxlstMessage> Read(EdifactReader reader, DateOnly today)
    {
        foreach (var message in reader.Messages())
        {
            if (message.Type != "PAXLST")
            {
                message.At(message.Segments[0], $"a {message.Type} message where a PAXLST was expected.", 2, 1);
                yield return new PaxlstMessage(message, null);
                continue;
            }
            var manifest = message.Valid ? Parse(message, today) : null;
            yield return new PaxlstMessage(message, message.Valid ? manifest : null);
        }
    }

    private enum Context { Header, Transport, Person, Document }

    private sealed record Stop(string Qualifier, string Place, DateTime? Departs, DateTime? Arrives);

    private static ManifestInput Parse(EdifactMessage message, DateOnly today)
    {
        today = message.Interchange.Prepared is { } prepared ? DateOnly.FromDateTime(prepared) : today;
        var manifest = new ManifestInput { MessageReference = $"{message.Interchange.ControlReference}/{message.Reference}" };
        var context = Context.Header;
        EdifactSegment? tdt = null, bgm = null;
        TravellerInput? person = null;
        TravelDocumentInput? document = null;
        var stops = new List<Stop>();
        var counts = new List<(EdifactSegment Segment, string Qualifier, int Count)>();

        foreach (var s in message.Segments.Skip(1).SkipLast(1))
        {
            if (!Directory.Contains(s.Tag))
            {
                message.At(s, $"{(s.Tag.Length == 0 ? "an empty segment" : $"segment {s.Tag}")} is not part of the PAXLST message.");
                continue;
            }
            switch (s.Tag)
            {
                case "BGM":
                    bgm = s;
                    manifest.List = s.Value(1) switch
                    {
                        "745" => ManifestLists.Passengers,
                        "250" or "336" => ManifestLists.Crew,
                        var code => Error(message, s, $"document name code '{code}' is neither a passenger list (745) nor a crew list (250, 336).", 1, 1),
                    };
                    break;
                case "TDT":
                    tdt = s;
                    context = Context.Transport;
                    manifest.Transport = s.Value(2)?.Trim();
                    manifest.Carrier = s.Value(5)?.Trim();
                    manifest.Vessel = s.Value(8, 1)?.Trim();
                    manifest.Mode = s.Value(3) switch
                    {
                        null => manifest.Vessel is null ? "air" : "sea",
                        "1" => "sea",
                        "2" => "rail",
                        "3" => "road",
                        "4" => "air",
                        var code => Error(message, s, $"mode of transport '{code}' is not 1 (sea), 2 (rail), 3 (road) or 4 (air).", 3, 1),
                    };
                    if (manifest.Transport is null)
                    {
                        message.At(s, "the flight or voyage number (8028) is missing.", 2);
                    }
                    else if (manifest.Carrier is null && FlightNumber().Match(manifest.Transport) is { Success: true } flight)
                    {
                        manifest.Carrier = flight.Groups[1].Value; // the airline designator of the flight number
                    }
                    break;
                case "NAD" when context == Context.Header:
                    break; // the reporting party (NAD+MS) and its contacts
                case "NAD":
                    if (!PartyQualifiers.TryGetValue(s.Value(1) ?? "", out var role))
                    {
                        message.At(s, $"party qualifier '{s.Value(1)}' is not FL (passenger), FM (crew), DDU (transit passenger) or DDT (transit crew).", 1);
                        role = TravellerRoles.Passenger;
                    }
                    person = new TravellerInput
                    {
                        Role = role,
                        Surname = s.Value(4, 1)?.Trim(),
                        GivenNames = string.Join(' ', Enumerable.Range(2, Math.Max(0, s.ComponentCount(4) - 1)).Select(c => s.Value(4, c)?.Trim()).Where(v => !string.IsNullOrEmpty(v))),
                        Address = Address(s),
                    };
                    if (person.GivenNames.Length == 0)
                    {
                        person.GivenNames = null;
                    }
                    if (person.Surname is null)
                    {
                        message.At(s, "the person's surname (C080 3036) is missing.", 4, 1);
                    }
                    manifest.Travellers.Add(person);
                    document = null;
                    context = Context.Person;
                    break;
                case "LOC" when context == Context.Transport:
                    if (s.Value(2) is not { } place)
                    {
                        message.At(s, "the place (C517 3225) is missing.", 2, 1);
                        break;
                    }
                    stops.Add(new Stop(s.Value(1) ?? "", place.Trim(), null, null));
                    break;
                case "DTM" when context == Context.Transport:
                    // 189 departure, 232 arrival: the time at the place of the LOC just before.
                    if (stops.Count > 0 && s.Value(1) is "189" or "232" && ReadTime(message, s) is { } time)
                    {
                        stops[^1] = s.Value(1) == "189" ? stops[^1] with { Departs = time } : stops[^1] with { Arrives = time };
                    }
                    break;
                case "ATT" when person is not null:
                    if (s.Value(1) == "2")
                    {
                        person.Gender = s.Value(3, 1) switch
                        {
                            "M" or "F" or "U" or "X" => s.Value(3, 1),
                            var code => Error(message, s, $"gender '{code}' is not M, F, U or X.", 3, 1),
                        };
                    }
                    break;
                case "DTM" when context == Context.Document && document is not null:
                    if (s.Value(1) == "36" && Date(message, s, past: false, today) is { } expiry)
                    {
                        document.Expiry = expiry;
                    }
                    break;
                case "DTM" when person is not null:
                    if (s.Value(1) == "329")
                    {
                        person.BirthDate = Date(message, s, past: true, today);
                    }
                    break;
                case "LOC" when context == Context.Document && document is not null && s.Value(1) == "91":
                    document.IssuingState = Country(message, s, 2, 1);
                    break;
                case "LOC" when person is not null:
                    switch (s.Value(1))
                    {
                        case "178":
                            person.Embarkation = s.Value(2)?.Trim();
                            break;
                        case "179":
                            person.Debarkation = s.Value(2)?.Trim();
                            break;
                        case "174":
                            person.ResidenceCountry = Country(message, s, 2, 1);
                            break;
                        case "180":
                            // Place of birth: country, with the town in component 4 where given.
                            person.BirthPlace = string.Join(", ", new[] { s.Value(2, 4), s.Value(2, 1) }.Where(v => v is not null));
                            break;
                    }
                    break;
                case "NAT" when person is not null:
                    person.Nationality = Country(message, s, 2, 1);
                    break;
                case "RFF" when person is not null:
                    switch (s.Value(1, 1))
                    {
                        case "AVF":
                            person.BookingReference = s.Value(1, 2)?.Trim();
                            break;
                        case "SEA":
                            person.Seat = s.Value(1, 2)?.Trim();
                            break;
                    }
                    break;
                case "FTX" when person is not null && s.Value(1) == "BAG":
                    // FTX+BAG+++tag:count — the count of checked bags under the first tag.
                    if (s.Value(4, 2) is { } bags)
                    {
                        person.Bags = int.TryParse(bags, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (person.Bags ?? 0) + n
                            : ErrorInt(message, s, $"the number of bags '{bags}' is not a number.", 4, 2);
                    }
                    break;
                case "DOC" when person is not null:
                    document = new TravelDocumentInput { Type = s.Value(1, 1)?.Trim(), Number = s.Value(2, 1)?.Trim() };
                    if (document.Type is null)
                    {
                        message.At(s, "the document name code (C002 1001) is missing.", 1, 1);
                    }
                    if (document.Number is null)
                    {
                        message.At(s, "the document number (C503 1004) is missing.", 2, 1);
                    }
                    person.Documents.Add(document);
                    context = Context.Document;
                    break;
                case "CNT":
                    if (int.TryParse(s.Value(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                    {
                        counts.Add((s, s.Value(1, 1) ?? "", count));
                    }
                    else
                    {
                        message.At(s, $"the control count '{s.Value(1, 2)}' is not a number.", 1, 2);
                    }
                    person = null;
                    context = Context.Header;
                    break;
            }
        }

        if (bgm is null)
        {
            message.Whole("no BGM: the message does not say whether it is a passenger or a crew list.");
        }
        if (tdt is null)
        {
            message.Whole("no TDT: the message names no flight or voyage.");
        }
        else
        {
            // Departure is the last foreign place of departure (125), arrival the first place of arrival
            // (87); without them, the first and last places of the itinerary.
            var departure = stops.FirstOrDefault(x => x.Qualifier == "125") ?? stops.FirstOrDefault();
            var arrival = stops.FirstOrDefault(x => x.Qualifier == "87") ?? (stops.Count > 1 ? stops[^1] : null);
            manifest.Departure = departure?.Place;
            manifest.DepartureTime = departure?.Departs;
            manifest.Arrival = arrival?.Place;
            manifest.ArrivalTime = arrival?.Arrives;
            manifest.Route = stops.Select(x => x.Place).Distinct(StringComparer.Ordinal).ToList();
            if (manifest.Departure is null || manifest.Arrival is null)
            {
                message.At(tdt, "the flight or voyage has no LOC for its place of departure (125) and of arrival (87).");
            }
            if (manifest.DepartureTime is null)
            {
                message.At(tdt, "no scheduled departure (DTM+189 after LOC+125): a list is kept per flight and departure date.");
            }
            if (manifest.Carrier is null)
            {
                message.At(tdt, "the carrier is not named (C040 3127) and the flight number does not begin with an airline designator.", 5, 1);
            }
        }
        foreach (var (segment, qualifier, count) in counts)
        {
            // 42: total number of passengers; 41: of crew (US variant); others are not counts of people.
            if (qualifier is "41" or "42" && count != manifest.Travellers.Count)
            {
                message.At(segment, $"the control count says {count} {(qualifier == "41" ? "crew" : "passengers")}, the message lists {manifest.Travellers.Count}.", 1, 2);
            }
        }
        return manifest;
    }

    private static string? Address(EdifactSegment s)
    {
        var parts = new[] { s.Value(5, 1), s.Value(5, 2), s.Value(6), s.Value(7, 1), s.Value(8), s.Value(9) }.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()).ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static string? Country(EdifactMessage message, EdifactSegment s, int element, int component)
    {
        var code = s.Value(element, component)?.Trim().ToUpperInvariant();
        if (code is null)
        {
            message.At(s, "the country code is missing.", element, component);
            return null;
        }
        if (!MrzReader.IsKnownState(code))
        {
            message.At(s, $"'{code}' is not an ICAO or ISO 3166-1 alpha-3 code.", element, component);
        }
        return code;
    }

    /// <summary>A date; a two-digit year (format 101) is placed in its century as in the MRZ: births in the past, expiries within fifty years.</summary>
    private static DateOnly? Date(EdifactMessage message, EdifactSegment s, bool past, DateOnly today)
    {
        if (ReadTime(message, s) is not { } d)
        {
            return null;
        }
        var date = DateOnly.FromDateTime(d);
        return s.Value(1, 2)!.Length == 6 ? MrzReader.Century(date, past, today) : date;
    }

    /// <summary>DTM C507: qualifier, value, format (101/102/201/203/204; by length when absent).</summary>
    private static DateTime? ReadTime(EdifactMessage message, EdifactSegment s)
    {
        var value = s.Value(1, 2);
        if (value is null)
        {
            message.At(s, "the date or time (C507 2380) is missing.", 1, 2);
            return null;
        }
        var format = s.Value(1, 3) ?? value.Length switch { 6 => "101", 8 => "102", 10 => "201", 12 => "203", 14 => "204", _ => "?" };
        string? pattern = format switch { "101" => "yyMMdd", "102" => "yyyyMMdd", "201" => "yyMMddHHmm", "203" => "yyyyMMddHHmm", "204" => "yyyyMMddHHmmss", _ => null };
        if (pattern is null)
        {
            message.At(s, $"date format '{format}' is not one of 101, 102, 201, 203, 204.", 1, 3);
            return null;
        }
        if (!DateTime.TryParseExact(value, pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            message.At(s, $"'{value}' is not a date in format {format} ({pattern}).", 1, 2);
            return null;
        }
        return d;
    }

    private static string? Error(EdifactMessage message, EdifactSegment s, string text, int element, int component)
    {
        message.At(s, text, element, component);
        return null;
    }

    private static int? ErrorInt(EdifactMessage message, EdifactSegment s, string text, int element, int component)
    {
        message.At(s, text, element, component);
        return null;
    }

    [GeneratedRegex("^([A-Z0-9]{2}[A-Z]?)[0-9]{1,4}[A-Z]?$")]
    private static partial Regex FlightNumber();
}

public static class TravellerRoles
{
    public const string Passenger = "passenger", Crew = "crew", TransitPassenger = "transit-passenger", TransitCrew = "transit-crew";
    public static readonly IReadOnlyList<string> All = [Passenger, Crew, TransitPassenger, TransitCrew];
}

public static class ManifestLists
{
    /// <summary>Bookings are the passengers of a flight as the carrier's reservations (PNRGOV) name them, kept beside its API lists.</summary>
    public const string Passengers = "passengers", Crew = "crew", Bookings = "bookings";
}
