using Cordon.Edifact;
using Cordon.Travellers;

namespace Cordon.Tests.Travellers;

/// <summary>PAXLST in several carriers' styles, and malformed messages refused segment by segment.</summary>
public sealed class PaxlstTests
{
    private static (List<PaxlstMessage> Messages, EdifactReader Reader) Read(string text)
    {
        var reader = new EdifactReader(new StringReader(text));
        return (PaxlstReader.Read(reader, new DateOnly(2026, 12, 6)).ToList(), reader);
    }

    [Fact]
    public void A_US_APIS_passenger_list_reads_the_flight_and_each_person()
    {
        var (messages, reader) = Read(PaxlstSamples.UnitedStates);
        Assert.Empty(reader.Errors);
        var m = Assert.Single(messages).Manifest!;
        Assert.Equal(("UA", "UA123", "air", ManifestLists.Passengers), (m.Carrier, m.Transport, m.Mode, m.List));
        Assert.Equal(("YVR", new DateTime(2007, 4, 29, 12, 30, 0), "JFK", new DateTime(2007, 4, 29, 16, 0, 0)), (m.Departure, m.DepartureTime!.Value, m.Arrival, m.ArrivalTime!.Value));
        Assert.Equal("000000001/PAX001", m.MessageReference);
        var doe = m.Travellers[0];
        Assert.Equal((TravellerRoles.Passenger, "DOE", "JOHN WAYNE", "M", new DateOnly(1957, 1, 21)), (doe.Role, doe.Surname, doe.GivenNames, doe.Gender, doe.BirthDate!.Value));
        Assert.Equal(("CAN", "CAN", "YVR", "JFK", "ABC123", "23C", 2), (doe.Nationality, doe.ResidenceCountry, doe.Embarkation, doe.Debarkation, doe.BookingReference, doe.Seat, doe.Bags!.Value));
        Assert.Equal("20 MAIN ST, ANYCITY, VA, 10053, USA", doe.Address);
        var passport = Assert.Single(doe.Documents);
        Assert.Equal(("P", "MB140241", "CAN", new DateOnly(2008, 10, 21)), (passport.Type, passport.Number, passport.IssuingState, passport.Expiry!.Value));
        var smith = m.Travellers[1];
        Assert.Equal(("SMITH", "JANE", "F", new DateOnly(1985, 3, 2), "GBR"), (smith.Surname, smith.GivenNames, smith.Gender, smith.BirthDate!.Value, smith.Nationality));
        Assert.Equal(new DateOnly(2012, 1, 1), smith.Documents[0].Expiry);
    }

    [Fact]
    public void A_European_crew_list_on_one_line_without_UNA_reads_with_its_released_apostrophe()
    {
        var (messages, reader) = Read(PaxlstSamples.EuropeanCrew);
        Assert.Empty(reader.Errors);
        var m = Assert.Single(messages).Manifest!;
        Assert.Equal((ManifestLists.Crew, "KL", "KL1234", "AMS", "LHR"), (m.List, m.Carrier, m.Transport, m.Departure, m.Arrival));
        Assert.Equal(["DE BOER", "O'BRIEN"], m.Travellers.Select(t => t.Surname));
        Assert.All(m.Travellers, t => Assert.Equal(TravellerRoles.Crew, t.Role));
        Assert.Equal("KEIZERSGRACHT 1, AMSTERDAM, 1015, NLD", m.Travellers[0].Address);
    }

    [Fact]
    public void A_multi_leg_flight_with_its_own_separators_keeps_the_route_and_the_leg_into_the_country()
    {
        var (messages, reader) = Read(PaxlstSamples.MultiLeg);
        Assert.Empty(reader.Errors);
        var message = Assert.Single(messages);
        Assert.Empty(message.Errors);
        var m = message.Manifest!;
        Assert.Equal(["SYD", "SIN", "LHR"], m.Route);
        Assert.Equal(("SIN", new DateTime(2026, 12, 7, 1, 5, 0), "LHR"), (m.Departure, m.DepartureTime!.Value, m.Arrival));
        // A passenger with only a name and a nationality: the optional groups are missing, the list still loads.
        var tanaka = m.Travellers[1];
        Assert.Equal(("Tanaka", "Hiroshi", "JPN"), (tanaka.Surname, tanaka.GivenNames, tanaka.Nationality));
        Assert.Empty(tanaka.Documents);
        Assert.Null(tanaka.BirthDate);
        var transit = m.Travellers[2];
        Assert.Equal((TravellerRoles.TransitPassenger, "O*NEILL", "SEAN"), (transit.Role, transit.Surname, transit.GivenNames));
    }

    [Fact]
    public void A_cruise_ship_crew_list_names_the_vessel_and_the_line()
    {
        var m = Assert.Single(Read(PaxlstSamples.SeaCrew).Messages).Manifest!;
        Assert.Equal(("sea", "MSC", "FA1207", "9359791", "ITCVV", "ESBCN"), (m.Mode, m.Carrier, m.Transport, m.Vessel, m.Departure, m.Arrival));
    }

    [Fact]
    public void A_bad_message_is_refused_segment_by_segment_and_the_others_read()
    {
        var (messages, reader) = Read(PaxlstSamples.ThreeWithOneBad);
        Assert.Empty(reader.Errors);
        Assert.Equal([true, false, true], messages.Select(m => m.Manifest is not null));
        Assert.Equal(
            [
                "interchange ACM000099, UNH 2 (A2), segment 12 UNT, element 1 (line 28): the segment count says 99, the message has 12 segments from UNH to UNT.",
            ],
            messages[1].Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Bad_codes_and_dates_name_the_segment_and_element()
    {
        // The bad message of the sample with a correct count: its content errors come through.
        var text = PaxlstSamples.ThreeWithOneBad.Replace("UNT+99+A2'", "UNT+12+A2'", StringComparison.Ordinal);
        var bad = Read(text).Messages[1];
        Assert.Null(bad.Manifest);
        Assert.Equal(
            [
                "interchange ACM000099, UNH 2 (A2), segment 9 ATT, element 3.1 (line 25): gender 'Q' is not M, F, U or X.",
                "interchange ACM000099, UNH 2 (A2), segment 10 DTM, element 1.2 (line 26): '19701345' is not a date in format 102 (yyyyMMdd).",
            ],
            bad.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_wrong_passenger_count_a_foreign_segment_and_an_unknown_party_are_each_named()
    {
        var text = PaxlstSamples.UnitedStates
            .Replace("CNT+42:2'", "CNT+42:3'", StringComparison.Ordinal)
            .Replace("NAD+FL+++SMITH:JANE'", "NAD+ZZ+++SMITH:JANE'", StringComparison.Ordinal)
            .Replace("RFF+SEA:23C'", "XYZ+23C'", StringComparison.Ordinal);
        var message = Assert.Single(Read(text).Messages);
        Assert.Null(message.Manifest);
        Assert.Equal([("XYZ", 20), ("NAD", 24), ("CNT", 32)], message.Errors.Select(e => (e.Tag!, e.Segment!.Value)));
    }

    [Fact]
    public void Another_message_type_in_the_interchange_is_refused_by_name()
    {
        var text = "UNB+UNOA:3+S+R+261206:1200+R1'UNH+1+CUSCAR:D:95B:UN'BGM+85'UNT+3+1'UNZ+1+R1'";
        var message = Assert.Single(Read(text).Messages);
        Assert.Contains("a CUSCAR message where a PAXLST was expected", Assert.Single(message.Errors).Text);
    }
}
