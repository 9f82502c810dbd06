namespace Cordon.Travellers;

/// <summary>
/// A passenger or crew list as a carrier sends it, whatever the format (PAXLST or JSON): one flight or
/// voyage leg and the people on it. The same shape is the JSON API's body and what a PAXLST message reads into.
/// </summary>
public sealed class ManifestInput
{
    /// <summary>Airline designator or shipping line code.</summary>
    public string? Carrier { get; set; }
    /// <summary>Flight number (e.g. "UA123") or voyage number.</summary>
    public string? Transport { get; set; }
    /// <summary>air, sea, rail or road.</summary>
    public string? Mode { get; set; }
    /// <summary>Vessel or aircraft identifier where given (IMO number for ships).</summary>
    public string? Vessel { get; set; }
    /// <summary>passengers, crew or bookings (PNRGOV): carriers send them separately, and one never replaces another.</summary>
    public string? List { get; set; }
    /// <summary>Place of departure (IATA airport or UN/LOCODE), as the carrier gives it.</summary>
    public string? Departure { get; set; }
    /// <summary>Scheduled departure, local time at the place of departure.</summary>
    public DateTime? DepartureTime { get; set; }
    public string? Arrival { get; set; }
    /// <summary>Scheduled arrival, local time at the place of arrival.</summary>
    public DateTime? ArrivalTime { get; set; }
    /// <summary>Every place of the itinerary in order (multi-leg flights name their intermediate stops).</summary>
    public List<string> Route { get; set; } = [];
    /// <summary>The sender's reference of this list (for PAXLST: interchange and message reference).</summary>
    public string? MessageReference { get; set; }
    public List<TravellerInput> Travellers { get; set; } = [];
}

public sealed class TravellerInput
{
    /// <summary>passenger, crew, transit-passenger or transit-crew.</summary>
    public string? Role { get; set; }
    public string? Surname { get; set; }
    public string? GivenNames { get; set; }
    /// <summary>M, F, X (unspecified) or U (unknown).</summary>
    public string? Gender { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? BirthPlace { get; set; }
    /// <summary>ICAO/ISO 3166-1 alpha-3.</summary>
    public string? Nationality { get; set; }
    public string? ResidenceCountry { get; set; }
    public string? Address { get; set; }
    public string? Embarkation { get; set; }
    public string? Debarkation { get; set; }
    public string? BookingReference { get; set; }
    public string? Seat { get; set; }
    public int? Bags { get; set; }
    /// <summary>The booking behind the journey (PNRGOV): companions, itinerary, contact, payment, agency, check-in.</summary>
    public TravellerBooking? Booking { get; set; }
    public List<TravelDocumentInput> Documents { get; set; } = [];
}

public sealed class TravelDocumentInput
{
    /// <summary>The Doc 9303 document code's letter as carriers send it: P passport, I/A/C identity cards, V visa, …</summary>
    public string? Type { get; set; }
    public string? Number { get; set; }
    public string? IssuingState { get; set; }
    public DateOnly? Expiry { get; set; }
}
