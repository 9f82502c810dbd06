using System.Globalization;
using System.Text.RegularExpressions;
using Cordon.Edifact;

namespace Cordon.Travellers;

/// <summary>One PNRGOV message read (or several parts of one flight's push): the bookings it holds as a list, or its errors.</summary>
public sealed record PnrgovMessage(EdifactMessage Message, ManifestInput? Manifest, IReadOnlyList<EdifactMessage> Parts)
{
    public IReadOnlyList<EdifactError> Errors => [.. Parts.SelectMany(p => p.Errors)];
}

/// <summary>
/// Reads PNRGOV (the IATA/WCO/ICAO passenger name record push, versions 11.1 to 15.1 and later) on the general
/// <see cref="EdifactReader"/>. A message is one flight (level 0: MSG, ORG, TVL, EQN) and its bookings, each
/// starting at SRC: RCI booking reference and creation, DAT, IFT/ADD contacts, ORG agency, EBD excess bags
/// (group 1); each traveller at TIF with SSR DOCS/DOCA/DOCO/CTCE/CTCM, ADD, TKT and FOP (groups 2–4); the
/// itinerary at TVL, codeshares naming their operating carrier (group 5); check-in, seat and bags (DAT, ORG, TRI,
/// TIF, SSD, TBD: groups 6–7); split bookings (EQN, RCI: group 8). Non-air segments (MSG) and the history (ABI)
/// are passed over. Every group but the flight, SRC, RCI and TIF may be missing. Card numbers are hashed here and
/// never leave the reader.
/// </summary>
public static partial class PnrgovReader
{
    /// <summary>Segments of the PNRGOV message (11.1–17.1) besides the service segments.</summary>
    private static readonly HashSet<string> Directory =
        ["ABI", "ADD", "APD", "DAT", "EBD", "EQN", "FAR", "FOP", "FTI", "IFT", "LTS", "MON", "MSG", "ORG", "PTK", "RCI", "REF", "RPI", "SAC", "SRC", "SSD", "SSR", "TBD", "TIF", "TKT", "TRA", "TRI", "TVL", "TXD"];

    /// <summary>Every flight of the input, in order; the parts of one push (UNH sequence C … F) are read as one list.</summary>
    public static IEnumerable<PnrgovMessage> Read(EdifactReader reader, DateOnly today)
    {
        List<(EdifactMessage Message, ManifestInput? Manifest)> parts = [];
        foreach (var message in reader.Messages())
        {
            if (message.Type != "PNRGOV")
            {
                message.At(message.Segments[0], $"a {message.Type} message where a PNRGOV was expected.", 2, 1);
                yield return new PnrgovMessage(message, null, [message]);
                continue;
            }
            var manifest = message.Valid ? Parse(message, today) : null;
            // UNH element 4: the sequence of a push sent in several messages, "01:C" … "03:F".
            var more = message.Segments[0].Value(4, 2) == "C";
            if (parts.Count > 0 && parts[0].Message.Segments[0].Value(3) != message.Segments[0].Value(3))
            {
                yield return Join(parts); // a push whose last part never came: what came is refused
                parts = [];
            }
            parts.Add((message, manifest));
            if (!more)
            {
                yield return Join(parts);
                parts = [];
            }
        }
        if (parts.Count > 0)
        {
            yield return Join(parts);
        }
    }

    private static PnrgovMessage Join(List<(EdifactMessage Message, ManifestInput? Manifest)> parts)
    {
        var last = parts[^1].Message;
        if (parts.Count == 1 && last.Segments[0].Value(4, 2) != "C")
        {
            return new PnrgovMessage(last, last.Valid ? parts[0].Manifest : null, [last]);
        }
        if (last.Segments[0].Value(4, 2) == "C")
        {
            last.Whole($"the push continues (UNH sequence {last.Segments[0].Value(4, 1)}:C) but its next part is not in the interchange: the parts received are refused.", "UNH");
        }
        if (parts.Any(p => !p.Message.Valid || p.Manifest is null))
        {
            return new PnrgovMessage(last, null, [.. parts.Select(p => p.Message)]);
        }
        var first = parts[0].Manifest!;
        foreach (var (_, manifest) in parts.Skip(1))
        {
            first.Travellers.AddRange(manifest!.Travellers);
        }
        first.MessageReference = $"{first.MessageReference}+{parts.Count - 1}";
        return new PnrgovMessage(last, first, [.. parts.Select(p => p.Message)]);
    }

    private enum Group { Flight, Booking, Passenger, Ticket, Leg, CheckIn, CheckInPerson, Split, NonAir, History }

    private sealed class Person
    {
        public required TravellerInput Input { get; init; }
        public string? Reference { get; init; }
        public required string Name { get; init; }
        public List<string> Phones { get; } = [];
        public List<string> Emails { get; } = [];
        public string? Address { get; set; }
        public List<BookingPayment> Payments { get; } = [];
        public int? ExcessBags { get; set; }
        public bool CheckedIn { get; set; }
        public DateTime? CheckedInAt { get; set; }
        public bool Documented { get; set; }
    }

    private sealed class Pnr
    {
        public string? Reference { get; set; }
        public DateTime? Created { get; set; }
        public DateTime? LastChanged { get; set; }
        public DateTime? TicketIssued { get; set; }
        public List<string> Related { get; } = [];
        public string? Agency { get; set; }
        public string? Address { get; set; }
        public List<string> Phones { get; } = [];
        public List<string> Emails { get; } = [];
        public List<BookingPayment> Payments { get; } = [];
        public int? ExcessBags { get; set; }
        public List<Person> People { get; } = [];
        public List<BookedFlight> Itinerary { get; } = [];
    }

    private static ManifestInput Parse(EdifactMessage message, DateOnly today)
    {
        today = message.Interchange.Prepared is { } prepared ? DateOnly.FromDateTime(prepared) : today;
        var manifest = new ManifestInput { MessageReference = $"{message.Interchange.ControlReference}/{message.Reference}", Mode = "air", List = ManifestLists.Bookings };
        var group = Group.Flight;
        BookedFlight? flight = null, leg = null;
        Pnr? pnr = null;
        Person? person = null, checkedIn = null;
        var legIsFlight = false;
        DateTime? checkInTime = null;

        void Finish()
        {
            if (pnr is not null)
            {
                manifest.Travellers.AddRange(Travellers(pnr));
            }
        }

        foreach (var s in message.Segments.Skip(1).SkipLast(1))
        {
            if (!Directory.Contains(s.Tag))
            {
                message.At(s, $"{(s.Tag.Length == 0 ? "an empty segment" : $"segment {s.Tag}")} is not part of the PNRGOV message.");
                continue;
            }
            if (group == Group.Flight && s.Tag is not ("MSG" or "ORG" or "TVL" or "EQN" or "SRC"))
            {
                message.At(s, $"segment {s.Tag} before the first booking (SRC): the flight part holds only MSG, ORG, TVL and EQN.");
                continue;
            }
            switch (s.Tag)
            {
                case "TVL" when group == Group.Flight:
                    flight = Flight(message, s, today);
                    break;
                case "SRC":
                    Finish();
                    pnr = new Pnr();
                    person = checkedIn = null;
                    leg = null;
                    group = Group.Booking;
                    if (flight is null)
                    {
                        message.At(s, "a booking before the flight it is pushed for (TVL at the start of the message).");
                        flight = new BookedFlight();
                    }
                    break;
                case "RCI" when group == Group.Booking && pnr is not null:
                    for (var e = 1; e <= s.ElementCount; e++)
                    {
                        if (s.Value(e, 2)?.Trim() is not { } locator)
                        {
                            continue;
                        }
                        if (pnr.Reference is null)
                        {
                            pnr.Reference = locator;
                            pnr.Created = DateAndTime(message, s, e, 4, 5, today);
                        }
                        else
                        {
                            pnr.Related.Add($"{s.Value(e, 1)} {locator}".Trim());
                        }
                    }
                    if (pnr.Reference is null)
                    {
                        message.At(s, "the booking reference (reservation control number, C330 9956) is missing.", 1, 2);
                    }
                    break;
                case "RCI" when pnr is not null && group is Group.Split or Group.Leg:
                    // A split booking (group 8) or the operating carrier's own reference for the leg.
                    if (s.Value(1, 2)?.Trim() is { } related)
                    {
                        pnr.Related.Add($"{s.Value(1, 1)} {related}".Trim());
                    }
                    break;
                case "DAT" when pnr is not null && group is Group.Booking or Group.Passenger or Group.Ticket:
                    for (var e = 1; e <= s.ElementCount; e++)
                    {
                        var at = DateAndTime(message, s, e, 2, 3, today);
                        switch (s.Value(e, 1))
                        {
                            case "700":
                                pnr.LastChanged ??= at;
                                break;
                            case "710":
                                pnr.TicketIssued ??= at;
                                break;
                        }
                    }
                    break;
                case "DAT" when group is Group.Leg or Group.CheckIn or Group.CheckInPerson:
                    // The departure control group: check-in of the travellers that follow.
                    group = Group.CheckIn;
                    checkInTime = DateAndTime(message, s, 1, 2, 3, today);
                    break;
                case "ORG" when group == Group.Booking && pnr is not null:
                    pnr.Agency = Agency(s);
                    break;
                case "IFT" when pnr is not null && group is Group.Booking or Group.Passenger or Group.Ticket or Group.Leg:
                    for (var e = 2; e <= s.ElementCount; e++)
                    {
                        Contact(s.Value(e), group is Group.Passenger or Group.Ticket && person is not null ? person.Phones : pnr.Phones,
                            group is Group.Passenger or Group.Ticket && person is not null ? person.Emails : pnr.Emails);
                    }
                    break;
                case "ADD" when pnr is not null && group is Group.Booking or Group.Passenger or Group.Ticket:
                    {
                        var address = Join(", ", s.Value(2, 2), s.Value(2, 3), s.Value(2, 4), s.Value(2, 5), s.Value(2, 7), s.Value(2, 6));
                        var owner = group == Group.Booking ? null : person;
                        if (address is not null)
                        {
                            if (owner is null)
                            {
                                pnr.Address ??= address;
                            }
                            else
                            {
                                owner.Address ??= address;
                            }
                        }
                        Contact(s.Value(2, 8) is { } phone ? "CTCP " + phone : null, owner?.Phones ?? pnr.Phones, owner?.Emails ?? pnr.Emails);
                    }
                    break;
                case "EBD" when pnr is not null && group is Group.Booking or Group.Passenger:
                    if (s.Value(2, 1) is { } excess)
                    {
                        if (!int.TryParse(excess, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                        {
                            message.At(s, $"the number of excess bags '{excess}' is not a number.", 2, 1);
                        }
                        else if (group == Group.Passenger && person is not null)
                        {
                            person.ExcessBags = (person.ExcessBags ?? 0) + n;
                        }
                        else
                        {
                            pnr.ExcessBags = (pnr.ExcessBags ?? 0) + n;
                        }
                    }
                    break;
                case "TIF" when pnr is not null && group is Group.Booking or Group.Passenger or Group.Ticket:
                    group = Group.Passenger;
                    person = Traveller(message, s);
                    if (person is not null)
                    {
                        pnr.People.Add(person);
                    }
                    break;
                case "TIF" when pnr is not null && group is Group.CheckIn or Group.CheckInPerson && checkedIn is null:
                    // A traveller checked in without a reference number: found by name.
                    var name = $"{s.Value(1, 1)?.Trim()}, {s.Value(2, 1)?.Trim()}";
                    checkedIn = pnr.People.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                    CheckIn(checkedIn, legIsFlight, checkInTime);
                    break;
                case "SSR" when pnr is not null && group is Group.Booking or Group.Passenger or Group.Ticket:
                    Special(message, s, pnr, group == Group.Booking ? null : person, today);
                    break;
                case "SSR" when pnr is not null && group == Group.Leg && legIsFlight && s.Value(1, 1) == "SEAT":
                    for (var e = 2; e <= s.ElementCount; e++)
                    {
                        if (s.Value(e, 1) is { } seat && Find(pnr, s.Value(e, 3)) is { } seated)
                        {
                            seated.Input.Seat ??= seat.Trim();
                        }
                    }
                    break;
                case "TKT" when group is Group.Passenger or Group.Ticket:
                    group = Group.Ticket;
                    break;
                case "FOP" when pnr is not null && group is Group.Booking or Group.Passenger or Group.Ticket:
                    for (var e = 1; e <= s.ElementCount; e++)
                    {
                        if (s.Value(e, 1) is not { } type)
                        {
                            continue;
                        }
                        (person is not null && group != Group.Booking ? person.Payments : pnr.Payments)
                            .Add(new BookingPayment { Type = type.Trim().ToUpperInvariant(), Vendor = s.Value(e, 4)?.Trim(), CardHash = BookingPayment.HashCard(s.Value(e, 5)) });
                    }
                    break;
                case "TVL" when pnr is not null && group is Group.History:
                    break;
                case "TVL" when pnr is not null && group is Group.NonAir && !IsFlight(s):
                    break;
                case "TVL" when pnr is not null:
                    {
                        var next = Flight(message, s, today);
                        if (leg is { OperatingCarrier: { } operating, OperatingFlight: null } && next.Carrier == operating
                            && next.Departure == leg.Departure && next.Arrival == leg.Arrival)
                        {
                            leg.OperatingFlight = next.Flight; // the codeshare's operating flight, not a leg of its own
                        }
                        else
                        {
                            leg = next;
                            pnr.Itinerary.Add(leg);
                            legIsFlight = flight is not null && leg.Departure == flight.Departure && leg.Arrival == flight.Arrival
                                          && (leg.DepartureTime is null || flight.DepartureTime is null || leg.DepartureTime.Value.Date == flight.DepartureTime.Value.Date);
                        }
                        group = Group.Leg;
                        checkedIn = null;
                    }
                    break;
                case "TRI" when pnr is not null && group is Group.CheckIn or Group.CheckInPerson:
                    group = Group.CheckInPerson;
                    checkedIn = Find(pnr, s.Value(2, 4));
                    CheckIn(checkedIn, legIsFlight, checkInTime);
                    break;
                case "SSD" when group == Group.CheckInPerson && legIsFlight && checkedIn is not null:
                    checkedIn.Input.Seat = s.Value(1, 1)?.Trim() ?? checkedIn.Input.Seat;
                    break;
                case "TBD" when group == Group.CheckInPerson && legIsFlight && checkedIn is not null:
                    if (s.Value(2, 1) is { } bags)
                    {
                        checkedIn.Input.Bags = int.TryParse(bags, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (checkedIn.Input.Bags ?? 0) + n
                            : ErrorInt(message, s, $"the number of checked bags '{bags}' is not a number.", 2, 1);
                    }
                    break;
                case "EQN" when group is Group.Leg or Group.CheckIn or Group.CheckInPerson or Group.Split:
                    group = Group.Split;
                    break;
                case "MSG" when pnr is not null:
                    group = Group.NonAir;
                    break;
                case "ABI" when pnr is not null:
                    group = Group.History;
                    break;
            }
        }
        Finish();

        if (flight is null)
        {
            message.Whole("no TVL: the message names no flight.", "TVL");
            return manifest;
        }
        manifest.Carrier = flight.Carrier;
        manifest.Transport = flight.Flight;
        manifest.Departure = flight.Departure;
        manifest.Arrival = flight.Arrival;
        manifest.DepartureTime = flight.DepartureTime;
        manifest.ArrivalTime = flight.ArrivalTime;
        manifest.Route = [.. new[] { flight.Departure, flight.Arrival }.OfType<string>()];
        return manifest;
    }

    /// <summary>TVL: dates and times (ddMMyy, HHmm), place of departure and arrival, carrier (marketing:operating), flight number.</summary>
    private static BookedFlight Flight(EdifactMessage message, EdifactSegment s, DateOnly today)
    {
        var carrier = s.Value(4, 1)?.Trim().ToUpperInvariant();
        var number = s.Value(5, 1)?.Trim().ToUpperInvariant();
        var f = new BookedFlight
        {
            Carrier = carrier, Departure = s.Value(2, 1)?.Trim().ToUpperInvariant(), Arrival = s.Value(3, 1)?.Trim().ToUpperInvariant(),
            Flight = carrier is null || number is null ? null : carrier + Number(number),
            DepartureTime = DateAndTime(message, s, 1, 1, 2, today), ArrivalTime = DateAndTime(message, s, 1, 3, 4, today),
            OperatingCarrier = s.Value(4, 2)?.Trim().ToUpperInvariant() is { } op && op != carrier ? op : null,
        };
        if (f.Departure is null)
        {
            message.At(s, "the place of departure (C328 3225) is missing.", 2, 1);
        }
        if (f.Arrival is null)
        {
            message.At(s, "the place of arrival (C328 3225) is missing.", 3, 1);
        }
        if (carrier is null)
        {
            message.At(s, "the carrier (C306 9906) is missing.", 4, 1);
        }
        if (number is null)
        {
            message.At(s, "the flight number (C308 9908) is missing.", 5, 1);
        }
        if (f.DepartureTime is null && s.Value(1, 1) is null)
        {
            message.At(s, "the departure date (C310 9916) is missing: a list is kept per flight and departure date.", 1, 1);
        }
        return f;
    }

    /// <summary>A flight number without its zero padding ("0006" → "6"), so a PNR's flight and an API list's are the same flight.</summary>
    private static string Number(string number)
    {
        var trimmed = number.TrimStart('0');
        return trimmed.Length > 0 && char.IsAsciiDigit(trimmed[0]) ? trimmed : number;
    }

    private static bool IsFlight(EdifactSegment s) => s.Value(4, 1) is { Length: 2 or 3 } && s.Value(5, 1) is { } n && n.Length > 0 && char.IsAsciiDigit(n[0]);

    /// <summary>TIF: surname (and qualifier; G is a group name, not a person), given names with the title AIRIMP appends, type, reference number.</summary>
    private static Person? Traveller(EdifactMessage message, EdifactSegment s)
    {
        var surname = s.Value(1, 1)?.Trim();
        if (surname is null)
        {
            message.At(s, "the traveller's surname (C324 9936) is missing.", 1, 1);
            return null;
        }
        if (s.Value(1, 2) == "G")
        {
            return null; // a group booking's name, with no person behind it
        }
        var given = s.Value(2, 1)?.Trim();
        var input = new TravellerInput { Role = TravellerRoles.Passenger, Surname = surname, GivenNames = given is null ? null : Title().Replace(given, "") is { Length: > 0 } g ? g : given };
        return new Person { Input = input, Reference = s.Value(2, 3)?.Trim(), Name = $"{surname}, {given}" };
    }

    /// <summary>SSR: DOCS (document, nationality, birth date, gender, names), DOCA (address), DOCO (visa), CTCE/CTCM/CTCH (contacts), for the traveller it names or the one it follows.</summary>
    private static void Special(EdifactMessage message, EdifactSegment s, Pnr pnr, Person? current, DateOnly today)
    {
        var code = s.Value(1, 1);
        var target = Find(pnr, s.Value(2, 3)) ?? current ?? (pnr.People.Count == 1 ? pnr.People[0] : null);
        var count = s.ComponentCount(1);
        var text = count > 1 ? s.Value(1, count) : null;
        switch (code)
        {
            case "DOCS" when text is not null:
                if (target is null)
                {
                    message.At(s, "an SSR DOCS names no traveller (no reference number in element 2 and no TIF before it).", 2, 3);
                    return;
                }
                Docs(message, s, count, text, target, today);
                break;
            case "DOCA" when text is not null && target is not null:
                {
                    var f = Fields(text);
                    var address = Join(", ", [.. f.Skip(2)]);
                    target.Address ??= address;
                    if (f.ElementAtOrDefault(0) == "R" && f.ElementAtOrDefault(1) is { Length: 3 } residence && MrzReader.IsKnownState(residence))
                    {
                        target.Input.ResidenceCountry = residence;
                    }
                }
                break;
            case "DOCO" when text is not null && target is not null:
                {
                    var f = Fields(text);
                    if (f.ElementAtOrDefault(1) is { Length: > 0 } type && f.ElementAtOrDefault(2) is { Length: > 0 } number)
                    {
                        target.Input.Documents.Add(new TravelDocumentInput { Type = type[..1], Number = number });
                    }
                }
                break;
            case "CTCE" or "CTCM" or "CTCH" or "CTCB" or "CTCP" when text is not null:
                Contact($"{code} {text}", target?.Phones ?? pnr.Phones, target?.Emails ?? pnr.Emails);
                break;
        }
    }

    /// <summary>DOCS free text: /type/issuing state/number/nationality/birth date/gender/expiry/surname/given names.</summary>
    private static void Docs(EdifactMessage message, EdifactSegment s, int component, string text, Person target, DateOnly today)
    {
        var f = Fields(text);
        string? At(int i) => f.ElementAtOrDefault(i) is { Length: > 0 } v ? v : null;
        var t = target.Input;
        if (At(2) is { } number)
        {
            var issuing = State(message, s, component, At(1), "issuing state");
            t.Documents.Add(new TravelDocumentInput { Type = At(0)?[..1] ?? "P", Number = number, IssuingState = issuing, Expiry = Day(message, s, component, At(6), past: false, today) });
        }
        t.Nationality = State(message, s, component, At(3), "nationality") ?? t.Nationality;
        t.BirthDate = Day(message, s, component, At(4), past: true, today) ?? t.BirthDate;
        t.Gender = At(5) switch
        {
            null => t.Gender,
            "M" or "MI" => "M",
            "F" or "FI" => "F",
            "U" => "U",
            "X" => "X",
            var g => Error(message, s, $"gender '{g}' in SSR DOCS is not M, F, MI, FI, U or X.", 1, component),
        };
        // The names as the document has them, where the booking's may be run together with a title.
        if (!target.Documented && At(7) is { } surname)
        {
            t.Surname = surname;
            t.GivenNames = f.Count > 8 ? string.Join(' ', f.Skip(8).Where(x => x.Length > 0)) is { Length: > 0 } g ? g : t.GivenNames : t.GivenNames;
        }
        target.Documented = true;
    }

    private static List<string> Fields(string text) => [.. text.TrimStart('/').Split('/').Select(x => x.Trim())];

    private static string? State(EdifactMessage message, EdifactSegment s, int component, string? code, string what)
    {
        if (code is null)
        {
            return null;
        }
        code = code.ToUpperInvariant();
        if (!MrzReader.IsKnownState(code))
        {
            message.At(s, $"{what} '{code}' in SSR DOCS is not an ICAO or ISO 3166-1 alpha-3 code.", 1, component);
            return null;
        }
        return code;
    }

    /// <summary>A date as DOCS writes it, ddMMMyy ("04JUL80"), placed in its century: births in the past, expiries within fifty years.</summary>
    private static DateOnly? Day(EdifactMessage message, EdifactSegment s, int component, string? value, bool past, DateOnly today)
    {
        if (value is null)
        {
            return null;
        }
        if (!DateOnly.TryParseExact(value, ["ddMMMyy", "ddMMMyyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            message.At(s, $"'{value}' in SSR DOCS is not a date like 04JUL80.", 1, component);
            return null;
        }
        return value.Length == 7 ? MrzReader.Century(d, past, today) : d;
    }

    /// <summary>A date (ddMMyy) and time (HHmm or HHmmss) from two components of one element; null when the date is absent.</summary>
    private static DateTime? DateAndTime(EdifactMessage message, EdifactSegment s, int element, int date, int time, DateOnly today)
    {
        if (s.Value(element, date)?.Trim() is not { } d)
        {
            return null;
        }
        if (!DateOnly.TryParseExact(d, ["ddMMyy", "ddMMyyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            message.At(s, $"'{d}' is not a date in the form ddMMyy.", element, date);
            return null;
        }
        var clock = TimeOnly.MinValue;
        if (s.Value(element, time)?.Trim() is { } t
            && !TimeOnly.TryParseExact(t, ["HHmm", "HHmmss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out clock))
        {
            message.At(s, $"'{t}' is not a time in the form HHmm.", element, time);
            return null;
        }
        return day.ToDateTime(clock);
    }

    /// <summary>ORG of a booking: the agency's IATA number where given, with the system or airline and place that made the booking.</summary>
    private static string? Agency(EdifactSegment s)
    {
        var office = Join(" ", s.Value(1, 1), s.Value(1, 2));
        var agent = s.Value(2, 1)?.Trim();
        return agent is null ? office : office is null ? $"IATA {agent}" : $"IATA {agent} ({office})";
    }

    /// <summary>A contact in AIRIMP form: "CTCE NAME//EXAMPLE.COM" is an e-mail (// for @, .. for _, ./ for -), "CTCM/H/B/P …" a telephone number (CTCT, the agency's, is not the traveller's).</summary>
    private static void Contact(string? text, List<string> phones, List<string> emails)
    {
        if (text is null || ContactText().Match(text) is not { Success: true } m)
        {
            return;
        }
        var value = m.Groups[2].Value.Trim();
        if (m.Groups[1].Value == "E")
        {
            var email = value.Replace("//", "@", StringComparison.Ordinal).Replace("..", "_", StringComparison.Ordinal).Replace("./", "-", StringComparison.Ordinal).ToLowerInvariant();
            if (email.Contains('@', StringComparison.Ordinal) && !emails.Contains(email))
            {
                emails.Add(email);
            }
            return;
        }
        var phone = new string(value.Where(c => char.IsAsciiDigit(c) || c == '+').ToArray());
        if (phone.Length >= 5 && !phones.Contains(phone))
        {
            phones.Add(phone);
        }
    }

    private static Person? Find(Pnr pnr, string? reference)
        => reference is null ? null : pnr.People.FirstOrDefault(p => p.Reference == reference.Trim());

    private static void CheckIn(Person? person, bool legIsFlight, DateTime? at)
    {
        if (person is not null && legIsFlight)
        {
            person.CheckedIn = true;
            person.CheckedInAt ??= at;
        }
    }

    /// <summary>The booking's travellers, each with the booking as it concerns them.</summary>
    private static IEnumerable<TravellerInput> Travellers(Pnr pnr)
    {
        foreach (var p in pnr.People)
        {
            var t = p.Input;
            t.BookingReference = pnr.Reference;
            t.Embarkation = pnr.Itinerary.FirstOrDefault()?.Departure;
            t.Debarkation = pnr.Itinerary.LastOrDefault()?.Arrival;
            t.Booking = new TravellerBooking
            {
                Created = pnr.Created, LastChanged = pnr.LastChanged, TicketIssued = pnr.TicketIssued,
                Companions = [.. pnr.People.Where(o => o != p).Select(o => Join(", ", o.Input.Surname, o.Input.GivenNames)!)],
                RelatedBookings = [.. pnr.Related.Distinct()], Itinerary = pnr.Itinerary,
                Phones = [.. p.Phones.Concat(pnr.Phones).Distinct()], Emails = [.. p.Emails.Concat(pnr.Emails).Distinct()],
                Address = p.Address ?? pnr.Address, Payments = p.Payments.Count > 0 ? p.Payments : pnr.Payments, Agency = pnr.Agency,
                CheckedIn = p.CheckedIn, CheckedInAt = p.CheckedInAt, ExcessBags = p.ExcessBags ?? pnr.ExcessBags,
            };
            yield return t;
        }
    }

    private static string? Join(string separator, params string?[] parts)
    {
        var kept = parts.Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x!.Trim()).ToList();
        return kept.Count == 0 ? null : string.Join(separator, kept);
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

    /// <summary>The title AIRIMP appends to given names when separated by a blank ("LAL MS").</summary>
    [GeneratedRegex(@"\s+(MR|MRS|MS|MISS|MSTR|DR|PROF)$")]
    private static partial Regex Title();

    [GeneratedRegex(@"CTC([EMHBP])\s*(.+)$")]
    private static partial Regex ContactText();
}
