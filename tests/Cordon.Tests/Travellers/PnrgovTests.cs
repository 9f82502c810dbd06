using Cordon.Edifact;
using Cordon.Travellers;

namespace Cordon.Tests.Travellers;

/// <summary>PNRGOV in three carriers' styles, missing optional groups, and malformed messages refused segment by segment.</summary>
public sealed class PnrgovTests
{
    private static (List<PnrgovMessage> Messages, EdifactReader Reader) Read(string text)
    {
        var reader = new EdifactReader(new StringReader(text));
        return (PnrgovReader.Read(reader, new DateOnly(2026, 12, 7)).ToList(), reader);
    }

    private static ManifestInput Single(string text)
    {
        var (messages, reader) = Read(text);
        Assert.Empty(reader.Errors);
        var message = Assert.Single(messages);
        Assert.True(message.Errors.Count == 0, string.Join("\n", message.Errors));
        return message.Manifest!;
    }

    [Fact]
    public void A_KLM_push_reads_the_flight_the_bookings_companions_contacts_payment_agency_and_check_in()
    {
        var m = Single(PnrgovSamples.Klm);
        Assert.Equal(("KL", "KL642", "air", ManifestLists.Bookings, "JFK", "AMS"), (m.Carrier, m.Transport, m.Mode, m.List, m.Departure, m.Arrival));
        Assert.Equal((new DateTime(2026, 12, 8, 17, 30, 0), new DateTime(2026, 12, 9, 6, 50, 0)), (m.DepartureTime!.Value, m.ArrivalTime!.Value));
        Assert.Equal("KL0642A1/1", m.MessageReference);
        Assert.Equal(["VERMEER", "VERMEER", "O'BRIEN"], m.Travellers.Select(t => t.Surname));

        var johannes = m.Travellers[0];
        Assert.Equal(("JOHANNES", "M", new DateOnly(1981, 3, 14), "NLD", "X7KQ2P"), (johannes.GivenNames, johannes.Gender, johannes.BirthDate!.Value, johannes.Nationality, johannes.BookingReference));
        var passport = Assert.Single(johannes.Documents);
        Assert.Equal(("P", "NX4471920", "NLD", new DateOnly(2030, 3, 20)), (passport.Type, passport.Number, passport.IssuingState, passport.Expiry!.Value));
        Assert.Equal(("14C", 2, "JFK", "NBO"), (johannes.Seat, johannes.Bags, johannes.Embarkation, johannes.Debarkation));

        var booking = johannes.Booking!;
        Assert.Equal(["VERMEER, SASKIA"], booking.Companions);
        Assert.Equal((new DateTime(2026, 11, 1, 10, 15, 0), new DateTime(2026, 12, 5, 9, 30, 0), new DateTime(2026, 11, 2, 12, 0, 0)),
            (booking.Created!.Value, booking.LastChanged!.Value, booking.TicketIssued!.Value));
        Assert.Equal(["j_vermeer@example.nl"], booking.Emails);
        Assert.Equal(["31612345678"], booking.Phones);
        Assert.Equal("PRINSENGRACHT 12, AMSTERDAM, 1016AB, NL", booking.Address);
        Assert.Equal("IATA 12345675 (1A NYC)", booking.Agency);
        var card = Assert.Single(booking.Payments);
        Assert.Equal(("CC", "VI", BookingPayment.HashCard(PnrgovSamples.Card)), (card.Type, card.Vendor, card.CardHash));
        Assert.Equal(64, card.CardHash!.Length);
        Assert.Equal([("KL642", "JFK", "AMS"), ("KL565", "AMS", "NBO")], booking.Itinerary.Select(f => (f.Flight!, f.Departure!, f.Arrival!)));
        Assert.True(booking.CheckedIn);
        Assert.Equal(new DateTime(2026, 12, 8, 15, 30, 0), booking.CheckedInAt);

        // The seat from the check-in group wins over the one requested; one without bags has none.
        var saskia = m.Travellers[1];
        Assert.Equal(("14D", null), (saskia.Seat, saskia.Bags));
        Assert.Equal(["VERMEER, JOHANNES"], saskia.Booking!.Companions);
        Assert.Equal(card.CardHash, Assert.Single(saskia.Booking.Payments).CardHash);

        // The second booking: a released apostrophe, cash, and no agency, contact or check-in.
        var siobhan = m.Travellers[2];
        Assert.Equal(("O'BRIEN", "SIOBHAN", "R2D2QQ", "IRL"), (siobhan.Surname, siobhan.GivenNames, siobhan.BookingReference, siobhan.Nationality));
        Assert.Equal((null, false, 0, 0), (siobhan.Booking!.Agency, siobhan.Booking.CheckedIn, siobhan.Booking.Emails.Count, siobhan.Booking.Companions.Count));
        Assert.Equal(("CA", null), (siobhan.Booking.Payments[0].Type, siobhan.Booking.Payments[0].CardHash));
        Assert.Null(siobhan.Seat);
    }

    [Fact]
    public void An_Emirates_push_on_one_line_reads_a_codeshare_leg_a_split_booking_and_the_agency_by_IATA_number()
    {
        var m = Single(PnrgovSamples.Emirates);
        Assert.Equal(("EK", "EK147", "DXB", "AMS"), (m.Carrier, m.Transport, m.Departure, m.Arrival));
        var an = m.Travellers[0];
        Assert.Equal(("NGUYEN", "VAN AN", "5HT2LM", "VNM"), (an.Surname, an.GivenNames, an.BookingReference, an.Nationality));
        var itinerary = an.Booking!.Itinerary;
        Assert.Equal(2, itinerary.Count);
        // Sold as QF8415, flown as EK415: one leg that names its operator.
        Assert.Equal(("QF8415", "EK", "EK415", "SYD", "DXB"), (itinerary[0].Flight, itinerary[0].OperatingCarrier, itinerary[0].OperatingFlight, itinerary[0].Departure, itinerary[0].Arrival));
        Assert.Equal(("EK147", null), (itinerary[1].Flight, itinerary[1].OperatingCarrier));
        Assert.Equal(("SYD", "AMS"), (an.Embarkation, an.Debarkation));
        Assert.Equal(["EK 5HT2LN"], an.Booking.RelatedBookings);
        Assert.Equal("IATA 02312345 (EK SYD)", an.Booking.Agency);
        Assert.Equal(("MS", null), (an.Booking.Payments[0].Type, an.Booking.Payments[0].CardHash));
        // The other half of the split booking travels alone in its own.
        var mai = m.Travellers[1];
        Assert.Equal(("5HT2LN", 0), (mai.BookingReference, mai.Booking!.Companions.Count));
        Assert.Empty(mai.Booking.Payments);
    }

    [Fact]
    public void A_Lufthansa_push_in_two_wrapped_messages_is_one_list_and_a_booking_with_only_names_loads()
    {
        var (messages, reader) = Read(PnrgovSamples.Lufthansa);
        Assert.Empty(reader.Errors);
        var message = Assert.Single(messages);
        Assert.Empty(message.Errors);
        Assert.Equal(2, message.Parts.Count);
        var m = message.Manifest!;
        Assert.Equal(("LH", "LH992", "LH0992P/1+1"), (m.Carrier, m.Transport, m.MessageReference));
        Assert.Equal(["MÜLLER", "SCHMIDT"], m.Travellers.Select(t => t.Surname));
        Assert.Equal(("JÜRGEN", new DateOnly(1964, 8, 12), "C01X00T47"), (m.Travellers[0].GivenNames, m.Travellers[0].BirthDate!.Value, m.Travellers[0].Documents[0].Number));
        // The title AIRIMP appends to the given name is not part of it.
        var anna = m.Travellers[1];
        Assert.Equal(("ANNA", null, null), (anna.GivenNames, anna.Nationality, anna.BirthDate));
        Assert.Empty(anna.Documents);
    }

    [Theory]
    [InlineData("agency", new[] { "ORG+1A:NYC" })]
    [InlineData("payment", new[] { "FOP+", "TKT+", "MON+" })]
    [InlineData("check-in", new[] { "DAT+2:", "ORG+KL:JFK", "TRI+", "SSD+", "TBD+" })]
    [InlineData("contact", new[] { "IFT+", "ADD+" })]
    public void A_push_without_an_optional_group_still_loads(string group, string[] left)
    {
        // The check-in group's TIFs (after the itinerary's first TVL, line 25) go with it.
        var m = Single(PnrgovSamples.Without((line, i) => left.Any(p => line.StartsWith(p, StringComparison.Ordinal))
            || (group == "check-in" && i > 25 && line.StartsWith("TIF+VERMEER", StringComparison.Ordinal))));
        Assert.Equal(3, m.Travellers.Count);
        var booking = m.Travellers[0].Booking!;
        switch (group)
        {
            case "agency":
                Assert.Null(booking.Agency);
                Assert.Single(booking.Payments);
                break;
            case "payment":
                Assert.Empty(booking.Payments);
                Assert.NotNull(booking.Agency);
                break;
            case "check-in":
                Assert.False(booking.CheckedIn);
                Assert.Equal(("12A", null), (m.Travellers[0].Seat, m.Travellers[0].Bags)); // the seat requested, no bags
                break;
            case "contact":
                Assert.Empty(booking.Phones);
                Assert.Empty(booking.Emails);
                Assert.Null(booking.Address);
                Assert.True(booking.CheckedIn);
                break;
        }
        Assert.Equal("NX4471920", m.Travellers[0].Documents[0].Number);
    }

    [Fact]
    public void A_bad_message_is_refused_by_segment_and_the_others_of_the_interchange_read()
    {
        var (messages, reader) = Read(PnrgovSamples.ThreeWithOneBad);
        Assert.Empty(reader.Errors);
        Assert.Equal([true, false, true], messages.Select(m => m.Manifest is not null));
        Assert.Equal("interchange KL3X, UNH 2 (K2), segment 8 TIF, element 1.1 (line 19): the traveller's surname (C324 9936) is missing.",
            Assert.Single(messages[1].Errors).ToString());
    }

    [Fact]
    public void Bad_values_name_their_segment_and_element()
    {
        var text = PnrgovSamples.KlmTemplate.Replace("/14MAR81/", "/31FEB81/", StringComparison.Ordinal).Replace("/NLD/NV1234567/NLD/", "/NLD/NV1234567/QQQ/", StringComparison.Ordinal)
            .Replace("TVL+081226:1730:091226:0650+JFK+AMS+KL+0642'", "TVL+081326:1730:091226:0650+JFK+AMS+KL+0642'", StringComparison.Ordinal)
            .Replace("SSR+SEAT", "XYZ+1'SSR+SEAT", StringComparison.Ordinal);
        var message = Assert.Single(Read(PnrgovSamples.Counted(text)).Messages);
        Assert.Null(message.Manifest);
        var errors = message.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains(errors, e => e.Contains("segment 4 TVL, element 1.1", StringComparison.Ordinal) && e.Contains("'081326' is not a date", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("segment 15 SSR, element 1.9", StringComparison.Ordinal) && e.Contains("'31FEB81'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("segment 20 SSR, element 1.9", StringComparison.Ordinal) && e.Contains("nationality 'QQQ'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("segment 25 XYZ", StringComparison.Ordinal) && e.Contains("is not part of the PNRGOV message", StringComparison.Ordinal));
        // The card number never appears in what the reader reports.
        Assert.DoesNotContain(errors, e => e.Contains(PnrgovSamples.Card, StringComparison.Ordinal));
    }

    [Fact]
    public void A_card_number_is_kept_only_as_the_hash_of_its_digits_and_a_masked_one_not_at_all()
    {
        Assert.Equal(BookingPayment.HashCard("4111 1111 1111 1111"), BookingPayment.HashCard(PnrgovSamples.Card));
        Assert.Equal("9bbef19476623ca56c17da75fd57734dbf82530686043a6e491c6d71befe8f6e", BookingPayment.HashCard(PnrgovSamples.Card));
        Assert.Null(BookingPayment.HashCard("XXXXXXXXXXXX1111"));
        Assert.Null(BookingPayment.HashCard(null));
    }
}
