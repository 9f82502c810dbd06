namespace Cordon.Risk;

/// <summary>
/// What a criterion written for travellers can read of one traveller on a passenger list: the person, the
/// first travel document, the journey, the booking (PNR) when one came, the other travellers of the booking,
/// and the person's recorded history at the border. Numbers are NaN when unknown.
/// </summary>
public sealed class TravellerFacts
{
    public string Role { get; init; } = "";
    public string Surname { get; init; } = "";
    public string Nationality { get; init; } = "";
    public string Gender { get; init; } = "";
    public double Age { get; init; } = double.NaN;
    public bool Minor { get; init; }
    public string Carrier { get; init; } = "";
    public string Transport { get; init; } = "";
    public string Mode { get; init; } = "";
    public string Departure { get; init; } = "";
    public string Arrival { get; init; } = "";
    public string Route { get; init; } = "";
    public string Origin { get; init; } = "";
    public DateOnly? TravelDate { get; init; }
    public string DocumentType { get; init; } = "";
    public string DocumentState { get; init; } = "";
    public double DocumentDaysToExpiry { get; init; } = double.NaN;
    public bool Booked { get; init; }
    public double BookingDays { get; init; } = double.NaN;
    public string Payment { get; init; } = "";
    public bool OneWay { get; init; }
    public string TravelAgency { get; init; } = "";
    public double SameCardTravellers { get; init; }
    public double SameContactBookings { get; init; }
    public bool Alone { get; init; } = true;
    public IReadOnlyList<CompanionFacts> Companions { get; init; } = [];
    public double PreviousCrossings { get; init; }
    public double PreviousRefusals { get; init; }
    public bool Overstayed { get; init; }
    public bool Hit { get; init; }
}

/// <summary>Another traveller of the same booking, found on the same list.</summary>
public sealed class CompanionFacts
{
    public string Surname { get; init; } = "";
    public double Age { get; init; } = double.NaN;
    public bool Minor { get; init; }
    public string Nationality { get; init; } = "";
    public bool Hit { get; init; }
}
