using System.Text;
using Cordon.Identity;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.EntityFrameworkCore;

namespace Cordon.Travellers;

/// <summary>
/// Demo work for the border police (NBP) and the immigration service (NIS): a national lost and stolen list,
/// today's passenger and crew lists (names in Latin, Cyrillic, Greek, Arabic and Chinese script; a family, a
/// crew; a stolen passport, a watch-list match, an expired passport), months of crossings with an overstayer
/// and a refusal, and the agreement under which NIS sees NBP's travellers and referrals. Once per store.
/// </summary>
public static class TravellerDemo
{
    public const string LostListName = "NBP lost and stolen";
    public const string AgreementTitle = "NBP travellers for NIS (referrals, overstays)";

    /// <param name="cards">The server's card hash key (a key of the demo's own when none is given).</param>
    public static async Task SeedAsync(StorageSetup.StoreSettings store, TimeProvider time, CancellationToken ct = default, CardHashKey? cards = null)
    {
        await using var db = StorageSetup.Open(store, time);
        if (await db.LostDocumentLists.AnyAsync(l => l.Name == LostListName, ct))
        {
            return;
        }
        var bpAdmin = await ActorAsync(db, "bp.admin", ct);
        var bpOfficer = await ActorAsync(db, "bp.officer", ct);
        var nisAdmin = await ActorAsync(db, "nis.admin", ct);

        // NIS receives NBP's travellers (with personal data: it decides on the referrals) and their alerts.
        var proposed = await Agreements.ProposeAsync(db, bpAdmin, new AgreementTerms(AgreementTitle, "NBP", "NIS", [RecordTypes.Traveller, RecordTypes.Alert], "TLP:AMBER",
            ["investigation", "risk-analysis"], [], false, time.GetUtcNow().AddDays(-1), time.GetUtcNow().AddYears(1), PersonalData: true), time.GetUtcNow(), ct);
        await Agreements.ApproveAsync(db, nisAdmin, proposed.Id, time.GetUtcNow(), ct);
        // Before the lists and crossings raise them: NIS's inbox receives its referrals and overstays.
        await Alerting.AlertSubscriptions.CreateAsync(db, nisAdmin, new Alerting.SubscriptionInput("Traveller referrals and overstays",
            [TravellerAlertKinds.Referral, TravellerAlertKinds.Overstay], null, null, "TLP:AMBER", "investigation", "ui", null, AgencyWide: true), ct);

        const string lost = """
            number,issuing_state,type,status,reported
            X4471920,NLD,P,stolen,2026-09-14
            NX8830021,NLD,P,lost,2026-07-02
            IE0091234,NLD,ID,stolen,2026-10-21
            C01X00T47,DEU,P,stolen,2026-03-08
            U20019883,UKR,P,invalidated,2025-12-01
            """;
        await LostDocumentImport.ImportAsync(db, bpAdmin, LostListName, new MemoryStream(Encoding.UTF8.GetBytes(lost)), "nbp-sltd-demo.csv", time, ct);

        // Crossings over the past months at Schiphol and the port of Rotterdam, before today's lists (which see earlier refusals).
        var now = time.GetUtcNow();
        async Task Cross(string kind, int daysAgo, string point, string surname, string given, string nationality, DateOnly born, string document, string? reason = null)
            => await Crossings.RecordAsync(db, bpOfficer, new CrossingInput
            {
                Kind = kind, CrossingPoint = point, At = now.AddDays(-daysAgo).AddHours(-3), Surname = surname, GivenNames = given, Nationality = nationality,
                BirthDate = born, DocumentType = "P", DocumentNumber = document, DocumentIssuingState = nationality, Purpose = reason is null ? "tourism" : null,
                RefusalReason = reason,
            }, new ShortStayRule(), time, "primary-line", ct);
        var morales = new DateOnly(1991, 7, 3);
        await Cross(CrossingKinds.Entry, 150, "NLAMS", "MORALES", "LUCIA", "COL", morales, "AQ5512090");
        await Cross(CrossingKinds.Exit, 120, "NLAMS", "MORALES", "LUCIA", "COL", morales, "AQ5512090");
        await Cross(CrossingKinds.Entry, 75, "NLAMS", "MORALES", "LUCIA", "COL", morales, "AQ5512090"); // 31 + 76 days in 180: overstaying now
        // In for 129 days: the exit finds the overstay and alerts immigration.
        await Cross(CrossingKinds.Entry, 140, "NLRTM", "OKONKWO", "EMEKA", "NGA", new DateOnly(1983, 12, 1), "A07731442");
        await Cross(CrossingKinds.Exit, 12, "NLRTM", "OKONKWO", "EMEKA", "NGA", new DateOnly(1983, 12, 1), "A07731442");
        await Cross(CrossingKinds.Entry, 20, "NLAMS", "SATO", "HARUKI", "JPN", new DateOnly(1979, 5, 5), "TK0091882");
        await Cross(CrossingKinds.Refusal, 9, "NLAMS", "PETRENKO", "OLEKSANDR", "UKR", new DateOnly(1988, 2, 14), "U20019883", "document reported invalidated");
        await Cross(CrossingKinds.Entry, 3, "NLAMS", "BAKKER", "SANNE", "NLD", new DateOnly(1995, 9, 30), "NW7712003");

        // The trafficking indicators Cordon ships as examples, written in the criteria language (docs/travellers.md), before
        // today's lists: a hit refers the traveller to the immigration service, which stands in for an anti-trafficking unit.
        foreach (var indicator in TraffickingIndicators)
        {
            await Risk.Criteria.RiskCriteria.CreateAsync(db, Actor.LocalOperator, indicator, ct);
        }

        var today = now.UtcDateTime.Date;
        var context = new ManifestContext(bpOfficer.AgencyId!.Value, bpOfficer, "demo", cards ?? CardHashKey.Random());
        foreach (var list in Lists(today))
        {
            await ManifestIntake.StoreAsync(db, context, list, time, ct);
        }
        // KLM's PNR push for KL642: the Johnson family's booking (agency, contacts, card), as carriers send it.
        await PassengerImport.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(KlmPush(today))), PassengerFormat.Pnrgov, db, context, time, null, ct);
    }

    /// <summary>Indicators of trafficking in people, as criteria on travellers owned by the border police (whose lists they judge).</summary>
    public static readonly IReadOnlyList<Risk.Criteria.CriterionRequest> TraffickingIndicators =
    [
        new("Trafficking: minor with unrelated adults",
            "minor and count(companions, not companion.minor) > 0 and not any(companions, not companion.minor and companion.surname == surname)",
            "A child travelling in a booking with adults none of whom shares the child's surname (a rough stand-in for 'not the guardian': check the documents).",
            ReferTo: "NIS", Status: "active", Agency: "NBP", Subject: "traveller"),
        new("Trafficking: group on one card, one way",
            "same_card_travellers >= 4 and one_way",
            "Four or more travellers whose bookings were paid with one card, on a one-way journey.",
            ReferTo: "NIS", Status: "active", Agency: "NBP", Subject: "traveller"),
        new("Trafficking: one contact on several bookings",
            "same_contact_bookings >= 2 and booking_days <= 7",
            "A phone number or e-mail address shared by separate bookings on the same list, booked within a week of travel.",
            ReferTo: "NIS", Status: "active", Agency: "NBP", Subject: "traveller"),
        new("Passport issued days before travel",
            "document_type == \"P\" and document_days_to_expiry > 3640",
            "A ten-year passport with more than 3,640 days left was issued in the last two weeks (PAXLST and PNRGOV do not carry the issue date). On trial: shorter passports never match.",
            Status: "shadow", Agency: "NBP", Subject: "traveller"),
        new("Route known from cases: Lagos, booked late, alone",
            "origin in (\"LOS\", \"ACC\") and booking_days <= 3 and alone",
            "The route of earlier trafficking cases, booked within three days of travel by someone travelling alone.",
            Status: "shadow", Agency: "NBP", Subject: "traveller"),
    ];

    /// <summary>A PNRGOV 13.1 push (the structure of the IATA/WCO/ICAO guide) for today's KL642, its segment count filled in.</summary>
    private static string KlmPush(DateTime today)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var arrival = today.AddHours(-2);
        var departure = arrival.AddHours(-7);
        string D(DateTime t) => t.ToString("ddMMyy", inv);
        string T(DateTime t) => t.ToString("HHmm", inv);
        string Docs(string document, string born, string gender, string surname, string given, int n)
            => $"SSR+DOCS:HK:1:KL:::::/P/USA/{document}/USA/{born}/{gender}/01JUN30/{surname}/{given}+::{n}'";
        string[] message =
        [
            $"UNH+1+PNRGOV:13:1:IA+KL0642/{D(departure)}/{T(departure)}+01:F'",
            "MSG+:22'",
            "ORG+KL:AMS'",
            $"TVL+{D(departure)}:{T(departure)}:{D(arrival)}:{T(arrival)}+JFK+AMS+KL+0642'",
            "EQN+1'",
            "SRC'",
            $"RCI+KL:Q7XK2P::{D(today.AddDays(-21))}:101500'",
            "IFT+4:28::KL+CTCE M..JOHNSON//EXAMPLE.COM'",
            "IFT+4:28::KL+CTCM 1 212 555 0147'",
            "ORG+1A:NYC+12345675+NYC++++US:USD:EN'",
            "TIF+JOHNSON+MICHAEL MR:A:1'",
            Docs("567120984", "17APR82", "M", "JOHNSON", "MICHAEL", 1),
            "FOP+CC::3210.00:VI:4111111111111111:1228'",
            "TIF+JOHNSON+EMILY MRS:A:2'",
            Docs("567120985", "02OCT84", "F", "JOHNSON", "EMILY", 2),
            "TIF+JOHNSON+NOAH MSTR:A:3'",
            Docs("567120986", "09JAN15", "M", "JOHNSON", "NOAH", 3),
            $"TVL+{D(departure)}:{T(departure)}:{D(arrival)}:{T(arrival)}+JFK+AMS+KL+0642:Y'",
            "RPI+3+HK'",
        ];
        return string.Join('\n', new[] { "UNA:+.? '", $"UNB+IATA:1+KL+NLPIU+{today.ToString("yyMMdd", inv)}:0600+KLDEMO{D(today)}++PNRGOV'",
            $"UNG+PNRGOV+KL+NLPIU+{today.ToString("yyMMdd", inv)}:0600+1+IA+13:1'" }
            .Concat(message).Append($"UNT+{message.Length + 1}+1'").Append("UNE+1+1'").Append($"UNZ+1+KLDEMO{D(today)}'"));
    }

    private static IEnumerable<ManifestInput> Lists(DateTime today)
    {
        static TravellerInput P(string surname, string given, string gender, string nationality, DateOnly born, string document, DateOnly expiry, string seat,
            string role = "passenger", string? booking = null) => new()
        {
            Role = role, Surname = surname, GivenNames = given, Gender = gender, Nationality = nationality, BirthDate = born, Seat = seat, BookingReference = booking,
            Bags = role == "passenger" ? 1 : null, Documents = [new TravelDocumentInput { Type = "P", Number = document, IssuingState = nationality, Expiry = expiry }],
        };
        var kl = today.AddHours(-2);
        yield return new ManifestInput
        {
            Carrier = "KL", Transport = "KL642", Mode = "air", List = "passengers", Departure = "JFK", DepartureTime = kl.AddHours(-7), Arrival = "AMS", ArrivalTime = kl,
            MessageReference = $"KL642-{today:yyyyMMdd}-1",
            Travellers =
            [
                P("JOHNSON", "MICHAEL", "M", "USA", new DateOnly(1982, 4, 17), "567120984", new DateOnly(2030, 6, 1), "23A", booking: "Q7XK2P"),
                P("JOHNSON", "EMILY", "F", "USA", new DateOnly(1984, 10, 2), "567120985", new DateOnly(2030, 6, 1), "23B", booking: "Q7XK2P"),
                P("JOHNSON", "NOAH", "M", "USA", new DateOnly(2015, 1, 9), "567120986", new DateOnly(2027, 3, 1), "23C", booking: "Q7XK2P"),
                P("DE VRIES", "ANNA", "F", "NLD", new DateOnly(1980, 3, 1), "X4471920", new DateOnly(2031, 2, 1), "14D"),
                P("ORLOV", "VIKTOR KASIMIROVICH", "M", "RUS", new DateOnly(1966, 3, 11), "7001234567", new DateOnly(2029, 8, 1), "2A"),
                P("王", "伟", "M", "CHN", new DateOnly(1990, 6, 18), "EJ4410983", new DateOnly(2032, 1, 1), "31F"),
            ],
        };
        yield return new ManifestInput
        {
            Carrier = "KL", Transport = "KL642", Mode = "air", List = "crew", Departure = "JFK", DepartureTime = kl.AddHours(-7), Arrival = "AMS", ArrivalTime = kl,
            MessageReference = $"KL642-{today:yyyyMMdd}-C1",
            Travellers =
            [
                P("VAN DIJK", "PIETER", "M", "NLD", new DateOnly(1971, 2, 8), "NW1100456", new DateOnly(2030, 1, 1), "", role: "crew"),
                P("MENDES", "CAROLINA", "F", "PRT", new DateOnly(1989, 11, 23), "CB778812", new DateOnly(2029, 4, 1), "", role: "crew"),
                P("SMIT", "JOOST", "M", "NLD", new DateOnly(1993, 7, 30), "NW4499120", new DateOnly(2031, 9, 1), "", role: "crew"),
            ],
        };
        var tk = today.AddHours(-1);
        yield return new ManifestInput
        {
            Carrier = "TK", Transport = "TK1951", Mode = "air", List = "passengers", Departure = "IST", DepartureTime = tk.AddHours(-4), Arrival = "AMS", ArrivalTime = tk,
            MessageReference = $"TK1951-{today:yyyyMMdd}-1",
            Travellers =
            [
                P("ИВАНОВА", "МАРИЯ", "F", "UKR", new DateOnly(1994, 5, 12), "FE118273", new DateOnly(2030, 5, 1), "8C"),
                P("ΠΑΠΑΔΟΠΟΥΛΟΣ", "ΓΙΩΡΓΟΣ", "M", "GRC", new DateOnly(1977, 9, 3), "AO2210983", new DateOnly(2028, 11, 1), "9A"),
                P("العلي", "محمد", "M", "JOR", new DateOnly(1986, 1, 25), "R883120", new DateOnly(2025, 10, 1), "17E"),
                P("YILMAZ", "AYSE", "F", "TUR", new DateOnly(1999, 12, 30), "U11290834", new DateOnly(2033, 1, 1), "21B"),
                // Refused entry nine days ago; back with a new passport.
                P("PETRENKO", "OLEKSANDR", "M", "UKR", new DateOnly(1988, 2, 14), "FK201993", new DateOnly(2035, 2, 1), "22A"),
            ],
        };
        // Lagos–Amsterdam, booked two days ago: five travellers on one card, one way; a sixth booking with the same phone; a
        // girl of fifteen booked with a man of another surname; a family on a return ticket for contrast.
        var ls = today.AddHours(-3);
        var groupCard = BookingPayment.HashCard("5500 0000 0000 0004");
        var familyCard = BookingPayment.HashCard("4000 0566 5566 5556");
        TravellerInput B(string surname, string given, string gender, DateOnly born, string document, string seat, string reference, string? phone, string payment,
            bool returning = false, int bookedDaysAgo = 2)
        {
            var t = P(surname, given, gender, "NGA", born, document, new DateOnly(2031, 5, 1), seat, booking: reference);
            t.Booking = new TravellerBooking
            {
                Created = today.AddDays(-bookedDaysAgo), Agency = "FASTWAY TRAVEL LAGOS", Phones = phone is null ? [] : [phone],
                Payments = [new BookingPayment { Type = payment, Vendor = payment == "CC" ? "CA" : null, CardHash = payment != "CC" ? null : returning ? familyCard : groupCard }],
                Itinerary = returning
                    ? [new BookedFlight { Carrier = "KL", Flight = "588", Departure = "LOS", Arrival = "AMS", DepartureTime = ls.AddHours(-7) },
                       new BookedFlight { Carrier = "KL", Flight = "587", Departure = "AMS", Arrival = "LOS", DepartureTime = ls.AddDays(14) }]
                    : [new BookedFlight { Carrier = "KL", Flight = "588", Departure = "LOS", Arrival = "AMS", DepartureTime = ls.AddHours(-7) }],
            };
            return t;
        }
        yield return new ManifestInput
        {
            Carrier = "KL", Transport = "KL588", Mode = "air", List = "passengers", Departure = "LOS", DepartureTime = ls.AddHours(-7), Arrival = "AMS", ArrivalTime = ls,
            MessageReference = $"KL588-{today:yyyyMMdd}-1",
            Travellers =
            [
                B("EZE", "BLESSING", "F", new DateOnly(2004, 2, 11), "B01774521", "41A", "LGX4R1", "+234 803 555 0199", "CC"),
                B("OKORO", "PRECIOUS", "F", new DateOnly(2005, 8, 3), "B01774522", "41B", "LGX4R1", "+234 803 555 0199", "CC"),
                B("NWOSU", "FAVOUR", "F", new DateOnly(2003, 11, 19), "B01774523", "41C", "LGX4R1", "+234 803 555 0199", "CC"),
                B("ADEBAYO", "JOY", "F", new DateOnly(2004, 5, 27), "B01774524", "42A", "LGX4R1", "+234 803 555 0199", "CC"),
                B("OBI", "CHUKWUDI", "M", new DateOnly(1984, 1, 9), "A09912001", "42B", "LGX4R1", "+234 803 555 0199", "CC"),
                B("UDOH", "GRACE", "F", new DateOnly(2004, 9, 14), "B01774530", "44C", "LGX7M2", "+234 803 555 0199", "CA"),
                B("ADEYEMI", "TEMI", "F", new DateOnly(2011, 6, 2), "B01880417", "47A", "LGK2P9", null, "CA"),
                B("OKAFOR", "EMEKA", "M", new DateOnly(1979, 10, 30), "A09955120", "47B", "LGK2P9", null, "CA"),
                B("BELLO", "AMINA", "F", new DateOnly(1975, 3, 12), "A07713340", "12A", "LGF8H4", "+234 806 555 0101", "CC", returning: true, bookedDaysAgo: 40),
                B("BELLO", "IBRAHIM", "M", new DateOnly(2012, 7, 21), "B01993310", "12B", "LGF8H4", "+234 806 555 0101", "CC", returning: true, bookedDaysAgo: 40),
            ],
        };
        var ferry = today.AddHours(-5);
        yield return new ManifestInput
        {
            Carrier = "SNL", Transport = "SH0412", Mode = "sea", Vessel = "STENA HOLLANDICA", List = "passengers", Departure = "GBHRW", DepartureTime = ferry.AddHours(-7),
            Arrival = "NLHVH", ArrivalTime = ferry, MessageReference = $"SH0412-{today:yyyyMMdd}-1",
            Travellers =
            [
                P("O'BRIEN", "SEAN", "M", "IRL", new DateOnly(1968, 8, 14), "PX1029384", new DateOnly(2029, 2, 1), "C112"),
                P("KOWALSKA", "ZOFIA", "F", "POL", new DateOnly(2001, 3, 3), "EP5566778", new DateOnly(2032, 7, 1), "C114"),
            ],
        };
    }

    private static async Task<Actor> ActorAsync(CordonDb db, string userName, CancellationToken ct)
    {
        var u = await db.Users.AsNoTracking().FirstAsync(x => x.UserName == userName, ct);
        return new Actor(u.Id, u.AgencyId, u.Roles, u.UserName, ActorKind.User);
    }
}
